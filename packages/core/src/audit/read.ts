import { ForbiddenError, InvalidError } from '../errors'
import { MAX_LIMIT } from '../pagination'
import type { Authorizer } from '../ports/authorizer'
import type { Principal } from '../principal'
import { type AuditLog, type AuditPage, parseAuditCursor } from './model'

export interface AuditDeps {
  audit: AuditLog
  policy: Authorizer
}

export interface AuditListQuery {
  limit?: string | undefined
  marker?: string | undefined
  project_id?: string | undefined
  since?: string | undefined
  until?: string | undefined
}

const time = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined
  const t = Date.parse(value)
  if (Number.isNaN(t)) {
    throw new InvalidError(`Invalid input for field/attribute ${name}. Value: '${value}'.`)
  }
  return new Date(t).toISOString()
}

const limitOf = (raw: string | undefined): number => {
  if (raw === undefined) return MAX_LIMIT
  if (!/^\d+$/.test(raw.trim())) {
    throw new InvalidError(`Invalid input for field/attribute limit. Value: '${raw}'.`)
  }
  const n = Number(raw)
  if (n <= 0) throw new InvalidError('Limit must be positive')
  return Math.min(n, MAX_LIMIT)
}

/**
 * GET /v1/audit: a project's audit records, newest first, a page at a time. Project members
 * read their own project's (`audit:get_all`); admins (`audit:get_all_all_projects`) read every
 * project's, or one project's with `project_id`.
 */
export const listAudit = async (
  deps: AuditDeps,
  principal: Principal,
  query: AuditListQuery
): Promise<AuditPage> => {
  const own = { project_id: principal.projectId, user_id: principal.userId }
  deps.policy.enforce('audit:get_all', principal, own)
  const everyone = deps.policy.check('audit:get_all_all_projects', principal, own)
  const wanted = query.project_id || undefined
  if (wanted !== undefined && wanted !== principal.projectId && !everyone) {
    throw new ForbiddenError('Not authorized.')
  }
  if (query.marker !== undefined && !parseAuditCursor(query.marker)) {
    throw new InvalidError(`Invalid input for field/attribute marker. Value: '${query.marker}'.`)
  }
  return deps.audit.list({
    projectId: everyone ? wanted : principal.projectId,
    limit: limitOf(query.limit),
    marker: query.marker || undefined,
    since: time('since', query.since),
    until: time('until', query.until),
  })
}
