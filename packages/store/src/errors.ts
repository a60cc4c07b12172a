import { BerthError, DependencyError, ErrorKind, isBerthError } from '@berth/core/errors'

/**
 * A stored item does not match its schema. Never the caller's fault and never silently
 * repaired: the read fails so the item gets looked at.
 */
export class CorruptItemError extends BerthError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(ErrorKind.Internal, `stored ${what} is unreadable`, options)
    this.name = 'CorruptItemError'
  }
}

/**
 * Domain errors pass through; anything else from DynamoDB becomes a DependencyError naming only
 * the exception type, so table names and request details stay out of user-facing messages.
 */
export const asStoreError = (e: unknown): Error => {
  if (isBerthError(e)) return e
  const name = e instanceof Error ? e.name : 'unknown error'
  return new DependencyError('DynamoDB', name, { cause: e })
}
