import { InvalidError } from '../errors'

/**
 * Magnum's collection paging (api/utils.py, collection.py): `limit`, `marker` (a uuid),
 * `sort_key`, `sort_dir`; `next` only when a page is full. Berth pages the caller's visible
 * set in memory, so a marker is always one of the caller's own uuids and never a store key.
 */
export const MAX_LIMIT = 1000

export type SortDir = 'asc' | 'desc'

export interface PageQuery {
  limit: number
  marker: string | undefined
  sortKey: string
  sortDir: SortDir
}

export interface RawPageQuery {
  limit?: string | undefined
  marker?: string | undefined
  sort_key?: string | undefined
  sort_dir?: string | undefined
}

export interface Page<T> {
  items: T[]
  /** Present only when the page is full: the query that fetches the next one. */
  next: PageQuery | undefined
}

/** Validates the query parameters the way Magnum does, with its messages. */
export const parsePageQuery = (
  raw: RawPageQuery,
  sortKeys: readonly string[],
  defaultSortKey = 'id'
): PageQuery => {
  let limit = MAX_LIMIT
  if (raw.limit !== undefined) {
    if (!/^[+-]?\d+$/.test(raw.limit.trim())) {
      throw new InvalidError(`Invalid input for field/attribute limit. Value: '${raw.limit}'.`)
    }
    const n = Number(raw.limit)
    if (n <= 0) throw new InvalidError('Limit must be positive')
    limit = Math.min(n, MAX_LIMIT)
  }
  const sortDir = (raw.sort_dir ?? 'asc').toLowerCase()
  if (sortDir !== 'asc' && sortDir !== 'desc') {
    throw new InvalidError(
      `Invalid sort direction: ${raw.sort_dir}. Acceptable values are 'asc' or 'desc'`
    )
  }
  const sortKey = raw.sort_key ?? defaultSortKey
  if (!sortKeys.includes(sortKey)) {
    throw new InvalidError(`The sort_key value "${sortKey}" is an invalid field for sorting`)
  }
  const marker = raw.marker === undefined || raw.marker === '' ? undefined : raw.marker
  return { limit, marker, sortKey, sortDir }
}

type Comparable = string | number | boolean | null | undefined

const compareValues = (a: Comparable, b: Comparable): number => {
  // SQL orders NULL first ascending; Magnum's lists sit on SQL, so follow it.
  const an = a === null || a === undefined
  const bn = b === null || b === undefined
  if (an || bn) return an === bn ? 0 : an ? -1 : 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const as = String(a)
  const bs = String(b)
  return as < bs ? -1 : as > bs ? 1 : 0
}

export interface PageOptions<T> {
  idOf: (item: T) => string
  sortValue: (item: T, key: string) => Comparable
  /** Total order among equal sort values: creation order, then id. */
  tieBreak: (item: T) => string
  markerNotFound: (marker: string) => Error
}

/** Sorts, then returns the page after `marker`; pure, so tests can follow `next` to the end. */
export const paginate = <T>(items: readonly T[], q: PageQuery, o: PageOptions<T>): Page<T> => {
  const sign = q.sortDir === 'asc' ? 1 : -1
  const sorted = [...items].sort(
    (a, b) =>
      sign * compareValues(o.sortValue(a, q.sortKey), o.sortValue(b, q.sortKey)) ||
      sign * compareValues(o.tieBreak(a), o.tieBreak(b))
  )
  let start = 0
  if (q.marker !== undefined) {
    const at = sorted.findIndex((i) => o.idOf(i) === q.marker)
    if (at < 0) throw o.markerNotFound(q.marker)
    start = at + 1
  }
  const page = sorted.slice(start, start + q.limit)
  const last = page[page.length - 1]
  const next =
    page.length === q.limit && last !== undefined ? { ...q, marker: o.idOf(last) } : undefined
  return { items: page, next }
}
