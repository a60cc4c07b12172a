import { type AuditDeps, type AuditListQuery, listAudit } from '@berth/core/audit'
import { InvalidError } from '@berth/core/errors'
import type { Principal } from '@berth/core/principal'
import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import type { AppEnv } from '../env'
import { onlyQuery } from '../validation'

const PARAMS = ['limit', 'marker', 'project_id', 'since', 'until', 'format'] as const
const FORMATS = ['json', 'jsonl']

/** The `next` link of a page: the same query with the cursor of its last record. */
const nextOf = (baseUrl: string, query: AuditListQuery, marker: string | undefined) => {
  if (!marker) return undefined
  const params = new URLSearchParams(
    Object.entries({ ...query, marker }).filter((e): e is [string, string] => e[1] !== undefined)
  )
  return `${baseUrl}/v1/audit?${params.toString()}`
}

/** Every page in turn, for an export: at most `cap` records (the query's limit), else all. */
async function* everyRecord(deps: AuditDeps, principal: Principal, query: AuditListQuery) {
  const cap = query.limit === undefined ? Number.POSITIVE_INFINITY : Number(query.limit)
  let marker = query.marker
  let sent = 0
  do {
    const page = await listAudit(deps, principal, { ...query, limit: undefined, marker })
    for (const r of page.records) {
      if (sent++ >= cap) return
      yield r
    }
    marker = page.next
  } while (marker)
}

/**
 * GET /v1/audit: the caller's project's audit records, newest first, paged with `limit` and
 * `marker` (a cursor; follow `next`), narrowed with `since`/`until` (ISO times); admins may name
 * a `project_id` or read every project's. `format=jsonl` exports them as JSON lines, one CADF
 * record per line, all pages at once.
 */
export const auditRoutes = (deps: AuditDeps) =>
  new Hono<AppEnv>().get('/', async (c) => {
    const raw = c.req.query()
    onlyQuery(raw, PARAMS)
    const format = raw.format ?? 'json'
    if (!FORMATS.includes(format)) {
      throw new InvalidError(`Invalid format ${format}. Allowed values are: ${FORMATS.join(', ')}.`)
    }
    const query: AuditListQuery = {
      limit: raw.limit,
      marker: raw.marker,
      project_id: raw.project_id,
      since: raw.since,
      until: raw.until,
    }
    const principal = c.get('principal')
    if (format === 'jsonl') {
      // Checked before the stream starts, so a refusal is still an error response.
      await listAudit(deps, principal, { ...query, limit: '1' })
      c.header('Content-Type', 'application/x-ndjson')
      c.header('Content-Disposition', 'attachment; filename="berth-audit.jsonl"')
      return stream(c, async (out) => {
        for await (const r of everyRecord(deps, principal, query)) {
          await out.write(`${JSON.stringify(r)}\n`)
        }
      })
    }
    const page = await listAudit(deps, principal, query)
    const next = nextOf(c.get('baseUrl'), query, page.next)
    return c.json({ events: page.records, ...(next ? { next } : {}) })
  })
