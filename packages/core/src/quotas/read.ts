import { ForbiddenError, InvalidError, NotFoundError } from '../errors'
import { type Page, paginate, parsePageQuery, type RawPageQuery } from '../pagination'
import type { Principal } from '../principal'
import type { QuotaDeps } from './deps'
import { QUOTA_RESOURCES, QuotaResource, type StoredQuota } from './model'

/** Magnum's NotAuthorized (403): a non-admin asking about another project. */
export const notAuthorized = (): ForbiddenError => new ForbiddenError('Not authorized.')

/** Magnum's `context.is_admin`: the policy's context_is_admin rule. */
export const isAdmin = (deps: Pick<QuotaDeps, 'policy'>, principal: Principal): boolean =>
  deps.policy.check('context_is_admin', principal, {
    project_id: principal.projectId,
    user_id: principal.userId,
  })

/** Magnum's default policy target: the caller's own project and user. */
export const ownTarget = (principal: Principal) => ({
  project_id: principal.projectId,
  user_id: principal.userId,
})

export const resourceOf = (resource: string): QuotaResource => {
  const parsed = QuotaResource.safeParse(resource)
  if (!parsed.success) {
    throw new InvalidError(
      `Invalid quota resource ${resource}. Allowed values are: ${QUOTA_RESOURCES.join(', ')}.`
    )
  }
  return parsed.data
}

export const QUOTA_SORT_KEYS = [
  'id',
  'project_id',
  'resource',
  'hard_limit',
  'created_at',
  'updated_at',
] as const

export interface QuotaListQuery extends RawPageQuery {
  allTenants: boolean
}

/**
 * GET /v1/quotas: admin-only (`quota:get_all`). Without `all_tenants=true` even an admin sees
 * only their own project's rows, as in Magnum. Markers are quota ids.
 */
export const listQuotas = async (
  deps: QuotaDeps,
  principal: Principal,
  query: QuotaListQuery
): Promise<Page<StoredQuota>> => {
  deps.policy.enforce('quota:get_all', principal, ownTarget(principal))
  const q = parsePageQuery(query, QUOTA_SORT_KEYS, 'id')
  if (q.marker !== undefined && !/^\d+$/.test(q.marker)) {
    throw new InvalidError(`Invalid input for field/attribute marker. Value: '${q.marker}'.`)
  }
  const everyone = query.allTenants && isAdmin(deps, principal)
  const rows = await deps.quotas.list(everyone ? undefined : principal.projectId)
  return paginate(rows, q, {
    idOf: (r) => String(r.id),
    sortValue: (r, key) => r[key as (typeof QUOTA_SORT_KEYS)[number]],
    tieBreak: (r) => String(r.id).padStart(12, '0'),
    markerNotFound: (m) => new NotFoundError(`Quota ${m} could not be found.`),
  })
}

/** A quota as GET shows it: the stored row, or the default when the project has none. */
export type QuotaView =
  | { stored: StoredQuota }
  | { stored: undefined; project_id: string; resource: QuotaResource; hard_limit: number }

/**
 * GET /v1/quotas/{project_id}/{resource}. A project without a stored quota gets the default
 * (Magnum: max_clusters_per_project); Berth's Node and VCPU resources default to no limit,
 * rendered as -1 (the unlimited value of Nova's and Cinder's quotas).
 */
export const getQuota = async (
  deps: QuotaDeps,
  principal: Principal,
  projectId: string,
  resource: string
): Promise<QuotaView> => {
  deps.policy.enforce('quota:get', principal, ownTarget(principal))
  if (projectId !== principal.projectId && !isAdmin(deps, principal)) throw notAuthorized()
  const r = resourceOf(resource)
  const stored = await deps.quotas.get(projectId, r)
  if (stored) return { stored }
  return {
    stored: undefined,
    project_id: projectId,
    resource: r,
    hard_limit: deps.defaults[r] ?? -1,
  }
}
