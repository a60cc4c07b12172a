import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { SecretBoxError } from './errors'

/**
 * The sealed text both adapters write:
 * `berth-secret:v1:<scheme>:<keyRef>:<iv>:<ciphertext>:<tag>`, every binary part base64url.
 * The scheme says which adapter opens it (`local`, `kms`); keyRef is the local key's id or the
 * KMS-encrypted data key. The version lets a later format sit beside this one in the table.
 */
export const SEALED_PREFIX = 'berth-secret'
export const SEALED_VERSION = 'v1'
export type SealScheme = 'local' | 'kms'

export interface SealedParts {
  scheme: SealScheme
  keyRef: string
  iv: Buffer
  ciphertext: Buffer
  tag: Buffer
}

const IV_BYTES = 12
const TAG_BYTES = 16
const b64 = (b: Buffer): string => b.toString('base64url')
const B64URL = /^[A-Za-z0-9_-]*$/

export const encodeSealed = (p: SealedParts): string =>
  [
    SEALED_PREFIX,
    SEALED_VERSION,
    p.scheme,
    p.keyRef,
    b64(p.iv),
    b64(p.ciphertext),
    b64(p.tag),
  ].join(':')

export const decodeSealed = (sealed: string, expected: SealScheme): SealedParts => {
  const parts = sealed.split(':')
  if (parts.length !== 7 || parts[0] !== SEALED_PREFIX) {
    throw new SecretBoxError('not a sealed secret')
  }
  const [, version, scheme, keyRef, iv, ciphertext, tag] = parts as [string, ...string[]]
  if (version !== SEALED_VERSION) {
    throw new SecretBoxError(`unsupported sealed secret version ${version}`)
  }
  if (scheme !== expected) {
    throw new SecretBoxError(`secret sealed with '${scheme}', this box opens '${expected}'`)
  }
  if (keyRef === undefined || !B64URL.test(keyRef))
    throw new SecretBoxError('malformed sealed secret')
  for (const part of [iv, ciphertext, tag]) {
    // Canonical only: base64url's spare low bits would otherwise let two texts carry one value.
    // (keyRef needs no such check: it is bound as text in the additional data.)
    if (
      part === undefined ||
      !B64URL.test(part) ||
      Buffer.from(part, 'base64url').toString('base64url') !== part
    ) {
      throw new SecretBoxError('malformed sealed secret')
    }
  }
  const decoded = {
    scheme: expected,
    keyRef: keyRef as string,
    iv: Buffer.from(iv as string, 'base64url'),
    ciphertext: Buffer.from(ciphertext as string, 'base64url'),
    tag: Buffer.from(tag as string, 'base64url'),
  }
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new SecretBoxError('malformed sealed secret')
  }
  return decoded
}

/**
 * Context → bytes, independent of key order. Bound as GCM additional data together with the
 * header, so neither the context nor the scheme/key reference can be swapped after sealing.
 */
export const canonicalContext = (context: Record<string, string>): string =>
  JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

const additionalData = (scheme: SealScheme, keyRef: string, context: Record<string, string>) =>
  Buffer.from(
    `${SEALED_PREFIX}:${SEALED_VERSION}:${scheme}:${keyRef}\n${canonicalContext(context)}`,
    'utf8'
  )

/** AES-256-GCM with a fresh 96-bit IV; the key is used and not kept. */
export const sealWithKey = (
  key: Uint8Array,
  scheme: SealScheme,
  keyRef: string,
  plaintext: string,
  context: Record<string, string>
): string => {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(additionalData(scheme, keyRef, context))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return encodeSealed({ scheme, keyRef, iv, ciphertext, tag: cipher.getAuthTag() })
}

export const openWithKey = (
  key: Uint8Array,
  parts: SealedParts,
  context: Record<string, string>
): string => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv)
    decipher.setAAD(additionalData(parts.scheme, parts.keyRef, context))
    decipher.setAuthTag(parts.tag)
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8')
  } catch (cause) {
    // GCM does not say which: the context differs, the bytes changed, or the key is another.
    throw new SecretBoxError('sealed secret does not open with this key and context', { cause })
  }
}
