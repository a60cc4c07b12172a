import { InvalidError } from '@berth/core/errors'
import { type JsonPatch, JsonPatchSchema } from '@berth/core/json-patch'
import type { Page } from '@berth/core/pagination'
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../middleware/body'
import { describeIssue, onlyQuery } from '../validation'
import { nextLink } from '../views/links'

/** What a paged list takes in its query. */
export const PAGE_PARAMS = ['limit', 'marker', 'sort_key', 'sort_dir'] as const

/** wsme's boolean query values (`?rollback=True`). */
export const queryBool = (name: string, value: string | undefined): boolean => {
  if (value === undefined) return false
  if (/^(true|1|yes|on|t|y)$/i.test(value)) return true
  if (/^(false|0|no|off|f|n)$/i.test(value)) return false
  throw new InvalidError(
    `Invalid input for field/attribute ${name}. Value: '${value}'. expected a boolean`
  )
}

/** A JSON-Patch body, worded like wsme when it is not one. */
export const readPatch = async (c: Context<AppEnv>, maxBodyBytes: number): Promise<JsonPatch> => {
  const body = await readJson(c, maxBodyBytes)
  const patch = JsonPatchSchema.safeParse(body)
  if (!patch.success) throw new InvalidError(describeIssue(patch.error.issues, body))
  return patch.data
}

/**
 * GET `/` and `/detail` of a collection, as Magnum pages it: only the paging parameters, and
 * `{<collection>: [...], next}` with `next` only when the page was full.
 */
export const pagedList = <T>(
  collection: string,
  find: (c: Context<AppEnv>, query: Record<string, string>, detail: boolean) => Promise<Page<T>>,
  render: (c: Context<AppEnv>, item: T, detail: boolean) => unknown
) => {
  const list = (detail: boolean) =>
    new Hono<AppEnv>().get('/', async (c) => {
      const query = c.req.query()
      onlyQuery(query, PAGE_PARAMS)
      const page = await find(c, query, detail)
      const path = detail ? `${collection}/detail` : collection
      const next = nextLink(c.get('baseUrl'), path, page.next)
      return c.json({
        [collection]: page.items.map((item) => render(c, item, detail)),
        ...(next ? { next } : {}),
      })
    })
  return new Hono<AppEnv>().route('/detail', list(true)).route('/', list(false))
}
