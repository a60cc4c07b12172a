import { InvalidError } from '../errors'
import type { Authorizer } from '../ports/authorizer'
import type { Principal } from '../principal'
import { isAdmin, notAuthorized, ownTarget } from '../quotas/read'
import type { StatsSource, UsageTotals } from './source'

export interface StatsDeps {
  stats: StatsSource
  policy: Authorizer
}

export interface StatsQuery {
  projectId?: string | undefined
  type?: string | undefined
}

const ALLOWED_TYPES = ['cluster']

/**
 * GET /v1/stats (µ1.4), Magnum's rules: `type` must be `cluster`; a non-admin gets their own
 * project's stats and a 403 for any other; an admin gets the named project's, or global ones.
 */
export const getStats = async (
  deps: StatsDeps,
  principal: Principal,
  query: StatsQuery
): Promise<UsageTotals> => {
  deps.policy.enforce('stats:get_all', principal, ownTarget(principal))
  const type = query.type ?? 'cluster'
  if (!ALLOWED_TYPES.includes(type.toLowerCase())) {
    throw new InvalidError(`Invalid stats type. Allowed values are '${ALLOWED_TYPES.join(',')}'`)
  }
  const admin = isAdmin(deps, principal)
  const projectId = query.projectId || undefined
  if (!admin && projectId !== undefined && projectId !== principal.projectId) {
    throw notAuthorized()
  }
  if (admin && projectId === undefined) return deps.stats.global()
  return deps.stats.project(projectId ?? principal.projectId)
}
