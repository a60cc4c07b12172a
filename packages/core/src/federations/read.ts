import { NotFoundError } from '../errors'
import { type Page, paginate, parsePageQuery, type RawPageQuery } from '../pagination'
import type { Principal } from '../principal'
import type { FederationDeps } from './deps'
import { federationScope, federationTarget, findFederation } from './lookup'
import type { StoredFederation } from './model'

export const FEDERATION_SORT_KEYS = [
  'id',
  'uuid',
  'name',
  'hostcluster_id',
  'status',
  'created_at',
  'updated_at',
] as const

/** GET /v1/federations[/detail]: the caller's project's federations, paged like clusters. */
export const listFederations = async (
  deps: FederationDeps,
  principal: Principal,
  query: RawPageQuery,
  detail: boolean
): Promise<Page<StoredFederation>> => {
  const own = { project_id: principal.projectId, user_id: principal.userId }
  deps.policy.enforce(detail ? 'federation:detail' : 'federation:get_all', principal, own)
  const q = parsePageQuery(query, FEDERATION_SORT_KEYS, 'id')
  const rows = await deps.federations.list(federationScope(principal))
  return paginate(rows, q, {
    idOf: (f) => f.uuid,
    sortValue: (f, key) =>
      key === 'id' ? f.created_at : f[key as Exclude<(typeof FEDERATION_SORT_KEYS)[number], 'id'>],
    tieBreak: (f) => `${f.created_at}/${f.uuid}`,
    markerNotFound: (m) => new NotFoundError(`Federation ${m} could not be found.`),
  })
}

/** GET /v1/federations/{ident}. */
export const getFederation = async (
  deps: FederationDeps,
  principal: Principal,
  ident: string
): Promise<StoredFederation> => {
  const f = await findFederation(deps, principal, ident)
  deps.policy.enforce('federation:get', principal, federationTarget(f))
  return f
}
