import { badRequest, parseBool } from '../http'
import type { ValidToken } from '../keystone/tokens'
import type { Image } from './model'
import { renderImage } from './render'
import { canSeeImage, listedByDefault } from './visibility'

/** Query parameters with their own meaning; any other parameter filters on a property. */
const RESERVED = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'member_status'])
const DEFAULT_LIMIT = 25
const MAX_LIMIT = 1000

/** Glance's `in:a,b` operator, or a plain value. */
const matches = (wanted: string, actual: string | null | undefined): boolean =>
  wanted.startsWith('in:')
    ? wanted
        .slice(3)
        .split(',')
        .includes(actual ?? '')
    : wanted === (actual ?? '')

const attribute = (image: Image, key: string): string | null | undefined => {
  const rendered: Record<string, unknown> = renderImage(image)
  const value = rendered[key]
  if (value === null || value === undefined) return value
  return typeof value === 'object' ? undefined : String(value)
}

const sortImages = (images: Image[], query: URLSearchParams): Image[] => {
  let keys: [string, 'asc' | 'desc'][] = [
    [query.get('sort_key') ?? 'created_at', query.get('sort_dir') === 'asc' ? 'asc' : 'desc'],
  ]
  const sort = query.get('sort')
  if (sort) {
    keys = sort.split(',').map((part) => {
      const [key = 'created_at', dir] = part.split(':')
      return [key, dir === 'asc' ? 'asc' : 'desc']
    })
  }
  keys.push(['id', keys[0]?.[1] ?? 'desc'])
  return [...images].sort((a, b) => {
    for (const [key, dir] of keys) {
      const x = attribute(a, key) ?? ''
      const y = attribute(b, key) ?? ''
      const order = x.localeCompare(y, 'en', { numeric: true })
      if (order !== 0) return dir === 'asc' ? order : -order
    }
    return 0
  })
}

/** GET /v2/images: visibility rules, filters, sorting and marker/limit paging with `next`. */
export const listImages = (
  all: Image[],
  caller: ValidToken,
  query: URLSearchParams
): { images: Image[]; nextMarker: string | undefined } => {
  const visibility = query.get('visibility')
  const hiddenWanted = query.get('os_hidden')
  let images = all.filter((i) =>
    visibility === null ? listedByDefault(caller, i) : canSeeImage(caller, i)
  )
  if (visibility !== null && visibility !== 'all')
    images = images.filter((i) => i.visibility === visibility)
  images = images.filter(
    (i) => i.hidden === (hiddenWanted !== null && parseBool(hiddenWanted) === true)
  )
  for (const [key, value] of query) {
    if (RESERVED.has(key) || key === 'visibility' || key === 'os_hidden') continue
    if (key === 'tag') images = images.filter((i) => i.tags.includes(value))
    else images = images.filter((i) => matches(value, attribute(i, key)))
  }
  images = sortImages(images, query)
  const marker = query.get('marker')
  if (marker !== null) {
    const at = images.findIndex((i) => i.id === marker)
    if (at < 0) throw badRequest(`Invalid marker. Image ${marker} could not be found.`)
    images = images.slice(at + 1)
  }
  const limitParam = query.get('limit')
  const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam)
  if (!Number.isInteger(limit) || limit < 0) throw badRequest('limit param must be an integer')
  const page = images.slice(0, Math.min(limit, MAX_LIMIT))
  const full = page.length > 0 && page.length === limit && images.length > limit
  return { images: page, nextMarker: full ? page.at(-1)?.id : undefined }
}
