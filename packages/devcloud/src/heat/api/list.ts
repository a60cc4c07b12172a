import type { Context } from 'hono'
import type { DevCloud } from '../../context'
import { parseBool } from '../../http'
import { HeatError } from '../engine/errors'
import type { HeatEnv } from './env'
import { renderStackSummary } from './render'

const flag = (c: Context, name: string) => parseBool(c.req.query(name) ?? 'false') === true
const list = (c: Context, name: string) =>
  (c.req.queries(name) ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '')

/**
 * GET /stacks: the project's top-level stacks (nested ones with show_nested, deleted ones with
 * show_deleted), filtered by name/status/action/id and tags, newest first, with paging.
 */
export const listStacks = (cloud: DevCloud, c: Context<HeatEnv>, projectId: string) => {
  let stacks = cloud.state.data.stacks.filter(
    (s) =>
      s.projectId === projectId &&
      (flag(c, 'show_deleted') || s.deletedAt === null) &&
      (flag(c, 'show_nested') || s.parentId === null)
  )
  const status = list(c, 'status')
  if (status.length > 0) {
    stacks = stacks.filter(
      (s) => status.includes(`${s.action}_${s.status}`) || status.includes(s.status)
    )
  }
  for (const [param, get] of [
    ['name', (s: (typeof stacks)[number]) => s.name],
    ['id', (s: (typeof stacks)[number]) => s.id],
    ['action', (s: (typeof stacks)[number]) => s.action],
  ] as const) {
    const wanted = c.req.queries(param) ?? []
    if (wanted.length > 0) stacks = stacks.filter((s) => wanted.includes(get(s)))
  }
  const tags = (s: (typeof stacks)[number]) => s.tags ?? []
  const all = list(c, 'tags')
  const any = list(c, 'tags_any')
  const notAll = list(c, 'not_tags')
  const notAny = list(c, 'not_tags_any')
  if (all.length > 0) stacks = stacks.filter((s) => all.every((t) => tags(s).includes(t)))
  if (any.length > 0) stacks = stacks.filter((s) => any.some((t) => tags(s).includes(t)))
  if (notAll.length > 0) stacks = stacks.filter((s) => !notAll.every((t) => tags(s).includes(t)))
  if (notAny.length > 0) stacks = stacks.filter((s) => !notAny.some((t) => tags(s).includes(t)))
  const key = c.req.query('sort_keys') ?? 'created_at'
  const field =
    {
      stack_name: 'name',
      created_at: 'createdAt',
      updated_at: 'updatedAt',
      stack_status: 'status',
    }[key] ?? 'createdAt'
  const dir = c.req.query('sort_dir') === 'asc' ? 1 : -1
  stacks = [...stacks].sort(
    (a, b) => dir * String(a[field as 'name'] ?? '').localeCompare(String(b[field as 'name'] ?? ''))
  )
  const marker = c.req.query('marker')
  if (marker !== undefined) {
    const at = stacks.findIndex((s) => s.id === marker)
    if (at < 0) throw new HeatError('HTTPBadRequest', `Invalid marker ${marker}`)
    stacks = stacks.slice(at + 1)
  }
  const total = stacks.length
  const limit = c.req.query('limit') === undefined ? undefined : Number(c.req.query('limit'))
  if (limit !== undefined) stacks = stacks.slice(0, limit)
  return {
    stacks: stacks.map((s) => renderStackSummary(cloud, s)),
    ...(flag(c, 'with_count') ? { count: total } : {}),
  }
}
