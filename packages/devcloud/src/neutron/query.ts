import type { Context } from 'hono'
import { badRequest } from '../http'

type Row = Record<string, unknown>

const PAGING = new Set(['limit', 'marker', 'fields', 'sort_key', 'sort_dir', 'page_reverse'])

/** A filter a collection answers itself (e.g. `fixed_ips=subnet_id=…` on ports). */
export type CustomFilter = (row: Row, wanted: string[]) => boolean

const tagList = (wanted: string[]) => wanted.flatMap((w) => w.split(',')).filter((t) => t !== '')
const rowTags = (row: Row) => (Array.isArray(row.tags) ? row.tags.map(String) : [])

/** Neutron's tag filters: `tags` (all of), `tags-any`, `not-tags`, `not-tags-any`. */
const TAG_FILTERS: Record<string, CustomFilter> = {
  tags: (row, wanted) => tagList(wanted).every((t) => rowTags(row).includes(t)),
  'tags-any': (row, wanted) => tagList(wanted).some((t) => rowTags(row).includes(t)),
  'not-tags': (row, wanted) => !tagList(wanted).every((t) => rowTags(row).includes(t)),
  'not-tags-any': (row, wanted) => !tagList(wanted).some((t) => rowTags(row).includes(t)),
}

/** Neutron compares query values with the rendered field; booleans are spelled loosely. */
const sameValue = (actual: unknown, wanted: string): boolean => {
  if (typeof actual === 'boolean') return String(actual) === wanted.toLowerCase()
  if (Array.isArray(actual)) return actual.map(String).includes(wanted)
  return String(actual ?? '') === wanted
}

/**
 * Applies Neutron's list conventions to rendered rows: `?field=value` filters (repeat a
 * field to match any of several values), sort_key/sort_dir, limit/marker paging with a
 * `<collection>_links` next link, and `fields` to trim each row.
 */
export const neutronList = (
  c: Context,
  collection: string,
  rows: Row[],
  custom: Record<string, CustomFilter> = {}
) => {
  const url = new URL(c.req.url)
  const params = url.searchParams
  let result = rows
  for (const key of new Set(params.keys())) {
    if (PAGING.has(key)) continue
    const wanted = params.getAll(key)
    const filter = custom[key] ?? TAG_FILTERS[key]
    result = filter
      ? result.filter((r) => filter(r, wanted))
      : result.filter((r) => wanted.some((w) => sameValue(r[key], w)))
  }
  const sortKey = params.get('sort_key')
  if (sortKey !== null) {
    const dir = params.get('sort_dir') === 'desc' ? -1 : 1
    result = [...result].sort(
      (a, b) => dir * String(a[sortKey] ?? '').localeCompare(String(b[sortKey] ?? ''))
    )
  }
  const marker = params.get('marker')
  if (marker !== null) {
    const at = result.findIndex((r) => r.id === marker)
    if (at < 0) throw badRequest(`Marker ${marker} could not be found.`)
    result = result.slice(at + 1)
  }
  const limitParam = params.get('limit')
  const limit = limitParam === null ? undefined : Number(limitParam)
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw badRequest(
      `Bad limit request: Limit must be an integer 0 or greater and not '${limitParam}'.`
    )
  }
  const page = limit === undefined || limit === 0 ? result : result.slice(0, limit)
  const fields = params.getAll('fields')
  const trimmed =
    fields.length === 0
      ? page
      : page.map((r) => Object.fromEntries(fields.filter((f) => f in r).map((f) => [f, r[f]])))
  const body: Record<string, unknown> = { [collection]: trimmed }
  const last = page.at(-1)
  if (limit !== undefined && limit > 0 && page.length === limit && result.length > limit && last) {
    const next = new URL(url)
    next.searchParams.set('marker', String(last.id))
    body[`${collection}_links`] = [{ rel: 'next', href: next.toString() }]
  }
  return body
}
