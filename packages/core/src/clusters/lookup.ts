import type { TenantScope } from '../cluster-templates/repository'
import { ConflictError, NotFoundError } from '../errors'
import type { Authorizer } from '../ports/authorizer'
import type { Principal } from '../principal'
import type { ClusterAggregate, StoredNodeGroup } from './model'
import type { ClusterRepository } from './repository'

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const looksLikeUuid = (s: string): boolean => UUID.test(s)

/** The caller's project, or every project when the `*_all_projects` rule grants it (admins). */
export const scopeOf = (policy: Authorizer, principal: Principal, rule: string): TenantScope => ({
  projectId: principal.projectId,
  allProjects: policy.check(rule, principal, { project_id: principal.projectId }),
})

export const clusterNotFound = (ident: string): NotFoundError =>
  new NotFoundError(`Cluster ${ident} could not be found.`)

export const nodeGroupNotFound = (ident: string): NotFoundError =>
  new NotFoundError(`Nodegroup ${ident} could not be found.`)

/** Magnum's `uuid_or_name` look-up; names are not unique, so a shared one is a 409. */
export const findCluster = async (
  clusters: ClusterRepository,
  scope: TenantScope,
  ident: string
): Promise<ClusterAggregate> => {
  if (looksLikeUuid(ident)) {
    const a = await clusters.get(scope, ident.toLowerCase())
    if (a) return a
    throw clusterNotFound(ident)
  }
  const named = (await clusters.list(scope)).filter((a) => a.cluster.name === ident)
  if (named.length > 1) {
    throw new ConflictError(
      'Multiple clusters exist with same name. Please use the cluster uuid instead.'
    )
  }
  const [only] = named
  if (!only) throw clusterNotFound(ident)
  return only
}

/** A nodegroup of the cluster by uuid or by name (unique within a cluster). */
export const findNodeGroup = (a: ClusterAggregate, ident: string): StoredNodeGroup => {
  const uuid = ident.toLowerCase()
  const ng = a.nodegroups.find((n) => n.uuid === uuid) ?? a.nodegroups.find((n) => n.name === ident)
  if (!ng) throw nodeGroupNotFound(ident)
  return ng
}

/** The policy target of a per-cluster check: its owners. */
export const targetOf = (a: ClusterAggregate) => ({
  project_id: a.cluster.project_id,
  user_id: a.cluster.user_id,
})
