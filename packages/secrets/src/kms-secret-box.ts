import { isAwsError } from '@berth/aws/errors'
import type { Kms } from '@berth/aws/kms'
import type { SecretBox } from '@berth/core/ports/secrets'
import { SecretBoxError } from './errors'
import { decodeSealed, openWithKey, sealWithKey } from './sealed-format'

export interface KmsSecretBoxOptions {
  client: Kms
  /** Key id, ARN or alias of the KMS key that wraps the data keys (BERTH_KMS_KEY_ID). */
  keyId: string
}

/** KMS refuses to decrypt with these when the blob, key or encryption context do not match. */
const NOT_OPENABLE = new Set(['InvalidCiphertextException', 'IncorrectKeyException'])

const kmsContext = (context: Record<string, string>) =>
  Object.keys(context).length > 0 ? context : undefined

/**
 * SecretBox on AWS: envelope encryption. Each seal asks KMS for a fresh AES-256 data key under
 * the context, encrypts locally with it (AES-256-GCM, context as additional data), stores the
 * KMS-encrypted data key inside the sealed text and wipes the plaintext key. Opening asks KMS to
 * decrypt the data key under the same context, so KMS's audit trail names every open and a
 * value moved to another record (another context) does not open.
 *
 * @example
 * const box = new KmsSecretBox({ client: new Kms({ region }), keyId: config.BERTH_KMS_KEY_ID })
 * const sealed = await box.seal(secret, { cluster: uuid })
 */
export class KmsSecretBox implements SecretBox {
  constructor(private readonly options: KmsSecretBoxOptions) {}

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const dataKey = await this.options.client.generateDataKey({
      KeyId: this.options.keyId,
      KeySpec: 'AES_256',
      EncryptionContext: kmsContext(context),
    })
    const { Plaintext: key, CiphertextBlob: wrapped } = dataKey
    if (!key || !wrapped) throw new SecretBoxError('KMS GenerateDataKey returned no key')
    try {
      return sealWithKey(key, 'kms', Buffer.from(wrapped).toString('base64url'), plaintext, context)
    } finally {
      key.fill(0)
    }
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    const parts = decodeSealed(sealed, 'kms')
    let key: Uint8Array | undefined
    try {
      const out = await this.options.client.decrypt({
        KeyId: this.options.keyId,
        CiphertextBlob: Buffer.from(parts.keyRef, 'base64url'),
        EncryptionContext: kmsContext(context),
      })
      key = out.Plaintext
    } catch (e) {
      if (isAwsError(e) && NOT_OPENABLE.has(e.name)) {
        throw new SecretBoxError('KMS does not open this data key with this context', { cause: e })
      }
      throw e
    }
    if (!key) throw new SecretBoxError('KMS Decrypt returned no key')
    try {
      return openWithKey(key, parts, context)
    } finally {
      key.fill(0)
    }
  }
}
