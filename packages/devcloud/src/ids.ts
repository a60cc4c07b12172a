import { createHash, randomBytes, randomUUID } from 'node:crypto'

const digest = (seed: string): string => createHash('sha256').update(seed).digest('hex')

/** A 32-hex id (Keystone style) that is the same for the same seed, so seeded ids are stable. */
export const stableHex = (seed: string): string => digest(seed).slice(0, 32)

/** A uuid (Glance, Neutron style) derived from a seed; version and variant bits set like v5. */
export const stableUuid = (seed: string): string => {
  const h = digest(seed)
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export const randomHex = (): string => randomUUID().replaceAll('-', '')

export { randomUUID as randomUuid }

/** Looks like a Fernet token (`gAAAAAB…`, URL-safe base64) so clients see familiar lengths. */
export const randomTokenId = (): string => `gAAAAAB${randomBytes(132).toString('base64url')}`

/** Keystone audit ids: 16 random bytes, URL-safe base64 without padding. */
export const randomAuditId = (): string => randomBytes(16).toString('base64url')

export const isUuid = (s: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
