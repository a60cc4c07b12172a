import { createHash } from 'node:crypto'
import { InvalidError } from '../errors'

const KEY = /^[\x21-\x7e]{1,255}$/

/**
 * The uuid a create with an `Idempotency-Key` gets: a name-based (version 5 layout) uuid of the
 * project and the key, so a retried request names the same cluster and finds it instead of
 * creating a second one. No extra record is needed: the cluster itself is the memory.
 */
export const uuidForIdempotencyKey = (projectId: string, key: string): string => {
  if (!KEY.test(key)) {
    throw new InvalidError(
      'Invalid Idempotency-Key header: expected 1 to 255 visible ASCII characters.'
    )
  }
  const h = createHash('sha256').update(`berth-cluster\0${projectId}\0${key}`).digest()
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
