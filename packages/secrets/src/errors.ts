import { BerthError, ErrorKind } from '@berth/core/errors'

/**
 * A sealed secret could not be opened (wrong context, tampered, another key) or a key could not
 * be used. Always internal: a user never caused it, and the message never carries secret bytes.
 */
export class SecretBoxError extends BerthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorKind.Internal, message, options)
    this.name = 'SecretBoxError'
  }
}
