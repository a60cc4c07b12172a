import { type Page, paginate, parsePageQuery, type RawPageQuery } from '../../pagination'
import type { Principal } from '../../principal'
import type { ClusterDeps } from '../deps'
import { findCluster, findNodeGroup, nodeGroupNotFound, scopeOf, targetOf } from '../lookup'
import { type ClusterAggregate, NodeGroupSchema, type StoredNodeGroup } from '../model'

/** A nodegroup with its cluster: the view compares its labels with the cluster's. */
export interface NodeGroupView {
  aggregate: ClusterAggregate
  nodegroup: StoredNodeGroup
}

const NOT_SORTABLE = new Set(['labels', 'node_labels', 'node_taints', 'node_addresses'])
export const NODEGROUP_SORT_KEYS: readonly string[] = [
  'id',
  ...Object.keys(NodeGroupSchema.shape).filter((k) => !NOT_SORTABLE.has(k)),
]

type Sortable = string | number | boolean | null

/** GET /v1/clusters/{ident}/nodegroups[?role=] (µ1.9). */
export const listNodeGroups = async (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  raw: RawPageQuery & { role?: string | undefined }
): Promise<{ aggregate: ClusterAggregate; page: Page<StoredNodeGroup> }> => {
  const query = parsePageQuery(raw, NODEGROUP_SORT_KEYS)
  const scope = scopeOf(deps.policy, principal, 'nodegroup:get_all_all_projects')
  const aggregate = await findCluster(deps.clusters, scope, clusterIdent)
  deps.policy.enforce('nodegroup:get_all', principal, targetOf(aggregate))
  const wanted = aggregate.nodegroups.filter((n) => raw.role === undefined || n.role === raw.role)
  const page = paginate(wanted, query, {
    idOf: (n) => n.uuid,
    sortValue: (n, key) =>
      key === 'id' ? n.created_at : (n[key as keyof StoredNodeGroup] as Sortable),
    // Default nodegroups first among equals, masters before workers, as they were inserted.
    tieBreak: (n) =>
      `${n.created_at}#${n.is_default ? 0 : 1}${n.role === 'master' ? 0 : 1}#${n.uuid}`,
    markerNotFound: nodeGroupNotFound,
  })
  return { aggregate, page }
}

/** GET /v1/clusters/{ident}/nodegroups/{ng} (µ1.9). */
export const getNodeGroup = async (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  ident: string
): Promise<NodeGroupView> => {
  const scope = scopeOf(deps.policy, principal, 'nodegroup:get_one_all_projects')
  const aggregate = await findCluster(deps.clusters, scope, clusterIdent)
  deps.policy.enforce('nodegroup:get', principal, targetOf(aggregate))
  return { aggregate, nodegroup: findNodeGroup(aggregate, ident) }
}
