import { ConflictError } from '@berth/core/errors'
import { OpenStackError } from './errors'
import type { HttpClient } from './http'

/** Everything a service client needs: where the versioned API lives and whose token to send. */
export interface ServiceEndpoint {
  http: HttpClient
  /** Versioned base URL without trailing slash, e.g. http://nova:8774/v2.1. */
  url: string
  token: string
}

/** oslo's is_uuid_like: 32 hex digits, hyphens optional. Only such refs are tried as ids. */
export const isUuidLike = (s: string): boolean =>
  /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s)

/**
 * A ref as one path segment, or undefined when no request could address it: URL parsing
 * resolves `.` and `..` as dot segments, so `/os-keypairs/..` would reach a different resource.
 */
export const pathSegment = (ref: string): string | undefined =>
  ref === '' || ref === '.' || ref === '..' ? undefined : encodeURIComponent(ref)

/** Resolves to undefined when the service says 404; other failures propagate. */
export const orUndefinedOn404 = async <T>(p: Promise<T>): Promise<T | undefined> => {
  try {
    return await p
  } catch (e) {
    if (e instanceof OpenStackError && e.failure === 'http' && e.status === 404) return undefined
    throw e
  }
}

/**
 * The query of a `next` link. Services build those links from their own idea of their address,
 * which is wrong behind proxies, so only the query (marker and filters) is trusted.
 */
export const nextQuery = (href: string | undefined | null): Record<string, string> | undefined => {
  if (href === undefined || href === null || href === '') return undefined
  const query: Record<string, string> = {}
  for (const [k, v] of new URL(href, 'http://placeholder.invalid').searchParams) query[k] = v
  return query
}

/** A bound on paging so a service that keeps returning `next` cannot loop us forever. */
export const MAX_PAGES = 100

/**
 * Collects every page of a listing. `fetchPage` gets the query for the page (undefined for the
 * first) and returns its items and the query of the next page, if any.
 */
export const collectPages = async <T>(
  fetchPage: (query: Record<string, string> | undefined) => Promise<{
    items: T[]
    next: Record<string, string> | undefined
  }>
): Promise<T[]> => {
  const all: T[] = []
  const seen = new Set<string>()
  let query: Record<string, string> | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items, next } = await fetchPage(query)
    all.push(...items)
    if (next === undefined || items.length === 0) return all
    const key = JSON.stringify(next)
    if (seen.has(key)) return all
    seen.add(key)
    query = next
  }
  return all
}

/**
 * Exactly one resource with this name, undefined for none, ConflictError for several. The
 * name is compared again here because a database collation may match case-insensitively.
 * `what` and `advice` word the conflict the way Magnum does for this resource type.
 */
export const uniqueByName = <T extends { name?: string | null | undefined }>(
  items: readonly T[],
  name: string,
  conflictMessage: string
): T | undefined => {
  const matches = items.filter((i) => i.name === name)
  if (matches.length > 1) throw new ConflictError(conflictMessage)
  return matches[0]
}
