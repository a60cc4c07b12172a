import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

// Salted SHA-256 is enough for a development cloud and keeps authentication fast in tests.
const hashWith = (salt: string, secret: string): string =>
  createHash('sha256').update(`${salt}:${secret}`).digest('hex')

export const hashSecret = (secret: string, salt = randomBytes(8).toString('hex')): string =>
  `sha256$${salt}$${hashWith(salt, secret)}`

export const verifySecret = (secret: string, stored: string): boolean => {
  const [scheme, salt, hex] = stored.split('$')
  if (scheme !== 'sha256' || salt === undefined || hex === undefined) return false
  const expected = Buffer.from(hex, 'hex')
  const actual = Buffer.from(hashWith(salt, secret), 'hex')
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** Application credential secrets as Keystone generates them: 64 random bytes, URL-safe. */
export const generateSecret = (): string => randomBytes(64).toString('base64url')
