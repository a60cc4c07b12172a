import type { TenantScope } from '../cluster-templates/repository'
import { scopeOf } from '../clusters/lookup'
import { ConflictError, NotFoundError } from '../errors'
import type { Principal } from '../principal'
import type { FederationDeps } from './deps'
import type { StoredFederation } from './model'

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

export const federationNotFound = (ident: string): NotFoundError =>
  new NotFoundError(`Federation ${ident} could not be found.`)

/** Magnum has no all-projects rule for federations: everyone, admins too, sees their own. */
export const federationScope = (principal: Principal): TenantScope => ({
  projectId: principal.projectId,
  allProjects: false,
})

/** Magnum's `uuid_or_name` look-up; a name shared by several federations is a 409. */
export const findFederation = async (
  deps: FederationDeps,
  principal: Principal,
  ident: string
): Promise<StoredFederation> => {
  const scope = federationScope(principal)
  if (UUID.test(ident)) {
    const f = await deps.federations.get(scope, ident.toLowerCase())
    if (f) return f
    throw federationNotFound(ident)
  }
  const named = (await deps.federations.list(scope)).filter((f) => f.name === ident)
  if (named.length > 1) {
    throw new ConflictError(
      'Multiple federations exist with same name. Please use the federation uuid instead.'
    )
  }
  const [only] = named
  if (!only) throw federationNotFound(ident)
  return only
}

/** A cluster the caller may put in a federation: visible to them, by uuid (404 otherwise). */
export const requireCluster = async (
  deps: FederationDeps,
  principal: Principal,
  uuid: string
): Promise<string> => {
  const scope = scopeOf(deps.policy, principal, 'cluster:get_one_all_projects')
  const found = UUID.test(uuid) ? await deps.clusters.get(scope, uuid.toLowerCase()) : undefined
  if (!found) throw new NotFoundError(`Cluster ${uuid} could not be found.`)
  return found.cluster.uuid
}

/** The policy target of a per-federation check. */
export const federationTarget = (f: StoredFederation) => ({ project_id: f.project_id })
