import type { Context } from 'hono'
import { badRequest } from '../http'

type Row = Record<string, unknown>
const RESERVED = new Set(['limit', 'marker', 'fields', 'sort', 'page_reverse', 'cascade'])

const matches = (actual: unknown, wanted: string): boolean => {
  if (typeof actual === 'boolean') return String(actual) === wanted.toLowerCase()
  return String(actual ?? '') === wanted
}

/**
 * Octavia's list conventions: `?field=value` filters on any attribute, `tags`/`tags-any`,
 * `fields`, `limit`/`marker` and a `<collection>_links` list that is always present.
 */
export const octaviaList = (c: Context, collection: string, rows: Row[]) => {
  const params = new URL(c.req.url).searchParams
  let result = rows
  for (const key of new Set(params.keys())) {
    if (RESERVED.has(key)) continue
    const wanted = params.getAll(key)
    if (key === 'tags' || key === 'tags-any') {
      const tags = wanted.flatMap((w) => w.split(','))
      const has = (r: Row) => (t: string) => (r.tags as string[]).includes(t)
      result = result.filter((r) => (key === 'tags' ? tags.every(has(r)) : tags.some(has(r))))
      continue
    }
    result = result.filter((r) => wanted.some((w) => matches(r[key], w)))
  }
  const marker = params.get('marker')
  if (marker !== null) {
    const at = result.findIndex((r) => r.id === marker)
    if (at < 0) throw badRequest(`Invalid marker ${marker}`)
    result = result.slice(at + 1)
  }
  const limit = params.get('limit') === null ? undefined : Number(params.get('limit'))
  const page = limit === undefined ? result : result.slice(0, limit)
  const fields = params.getAll('fields').flatMap((f) => f.split(','))
  const links: { rel: string; href: string }[] = []
  const last = page.at(-1)
  if (limit !== undefined && result.length > limit && last) {
    const next = new URL(c.req.url)
    next.searchParams.set('marker', String(last.id))
    links.push({ rel: 'next', href: next.toString() })
  }
  return {
    [collection]:
      fields.length === 0
        ? page
        : page.map((r) => Object.fromEntries(fields.filter((f) => f in r).map((f) => [f, r[f]]))),
    [`${collection}_links`]: links,
  }
}
