import {
  type ClusterAggregate,
  ClusterSchema,
  NodeGroupSchema,
  type StoredCluster,
  type StoredNodeGroup,
} from '@berth/core/clusters/model'
import { InvalidError } from '@berth/core/errors'
import * as z from 'zod/mini'
import { CorruptItemError } from './errors'
import {
  clusterIndexKeys,
  clusterKey,
  clusterSk,
  inClusterCollection,
  nodeGroupIndexKeys,
  nodeGroupKey,
} from './keys'
import { ALL_KEY_ATTRIBUTES, TTL_ATTRIBUTE } from './table'

/** Item type markers, so a mixed Query or a stream consumer can tell items apart. */
export const CLUSTER_ENTITY = 'Cluster'
export const NODEGROUP_ENTITY = 'NodeGroup'
export const ENTITY_ATTRIBUTE = 'entityType'

/** What the table holds for a cluster: the domain record and its optimistic-concurrency version. */
export const StoredClusterSchema = z.extend(ClusterSchema, { version: z.int().check(z.minimum(1)) })
export const StoredNodeGroupSchema = z.extend(NodeGroupSchema, {
  record_version: z.int().check(z.minimum(1)),
})
/** A nodegroup a caller hands in: `record_version` 0 means "not stored yet". */
const IncomingNodeGroupSchema = z.extend(NodeGroupSchema, {
  record_version: z.int().check(z.minimum(0)),
})

const STORE_ONLY: ReadonlySet<string> = new Set([
  ...ALL_KEY_ATTRIBUTES,
  TTL_ATTRIBUTE,
  ENTITY_ATTRIBUTE,
])

const recordOf = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !STORE_ONLY.has(k)))

const issuesOf = (error: z.core.$ZodError) =>
  error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')

/** A caller's record, checked before it is written: nothing malformed reaches the table. */
export const validCluster = (c: StoredCluster): StoredCluster => {
  const parsed = StoredClusterSchema.safeParse(c)
  if (!parsed.success) throw new InvalidError(`invalid cluster: ${issuesOf(parsed.error)}`)
  return parsed.data
}

/** As {@link validCluster}; `record_version` 0 is allowed here, meaning "not stored yet". */
export const validNodeGroup = (n: StoredNodeGroup, cluster: StoredCluster): StoredNodeGroup => {
  const parsed = IncomingNodeGroupSchema.safeParse(n)
  if (!parsed.success) throw new InvalidError(`invalid nodegroup: ${issuesOf(parsed.error)}`)
  // The nodegroup's key is built from its own ids; they must name the cluster's partition.
  if (parsed.data.cluster_id !== cluster.uuid || parsed.data.project_id !== cluster.project_id) {
    throw new InvalidError(`nodegroup ${n.uuid} does not belong to cluster ${cluster.uuid}`)
  }
  return parsed.data
}

/** A complete cluster item: keys, index attributes (status and template included), marker. */
export const toClusterItem = (c: StoredCluster): Record<string, unknown> => ({
  ...clusterKey(c.project_id, c.uuid),
  ...clusterIndexKeys(c.project_id, c.uuid, c.status, c.cluster_template_id),
  [ENTITY_ATTRIBUTE]: CLUSTER_ENTITY,
  ...c,
})

export const toNodeGroupItem = (n: StoredNodeGroup): Record<string, unknown> => ({
  ...nodeGroupKey(n.project_id, n.cluster_id, n.uuid),
  ...nodeGroupIndexKeys(n.project_id, n.cluster_id, n.uuid),
  [ENTITY_ATTRIBUTE]: NODEGROUP_ENTITY,
  ...n,
})

/** The domain record of an item; a malformed item throws CorruptItemError rather than leaking. */
export const fromClusterItem = (item: Record<string, unknown>): StoredCluster => {
  const what = `cluster ${String(item.uuid ?? item.SK ?? '?')}`
  if (item[ENTITY_ATTRIBUTE] !== CLUSTER_ENTITY) throw new CorruptItemError(what)
  const parsed = StoredClusterSchema.safeParse(recordOf(item))
  if (!parsed.success) throw new CorruptItemError(what, { cause: parsed.error })
  // The keys must say what the record says, or tenant scoping by key would be a lie.
  const key = clusterKey(parsed.data.project_id, parsed.data.uuid)
  if (item.PK !== key.PK || item.SK !== key.SK) throw new CorruptItemError(what)
  return parsed.data
}

export const fromNodeGroupItem = (item: Record<string, unknown>): StoredNodeGroup => {
  const what = `nodegroup ${String(item.uuid ?? item.SK ?? '?')}`
  if (item[ENTITY_ATTRIBUTE] !== NODEGROUP_ENTITY) throw new CorruptItemError(what)
  const parsed = StoredNodeGroupSchema.safeParse(recordOf(item))
  if (!parsed.success) throw new CorruptItemError(what, { cause: parsed.error })
  const n = parsed.data
  const key = nodeGroupKey(n.project_id, n.cluster_id, n.uuid)
  if (item.PK !== key.PK || item.SK !== key.SK) throw new CorruptItemError(what)
  return n
}

/** Creation order, as Magnum lists them; uuid breaks ties so the order is total. */
export const byCreation = <T extends { created_at: string; uuid: string }>(a: T, b: T) =>
  a.created_at.localeCompare(b.created_at) || a.uuid.localeCompare(b.uuid)

export const sortNodeGroups = (ngs: StoredNodeGroup[]): StoredNodeGroup[] =>
  [...ngs].sort(byCreation)

/**
 * Cluster and nodegroup items (any order, any mix of clusters) into aggregates, in creation
 * order. A nodegroup whose cluster is not among the items is left out: on an index it may be
 * a moment ahead of its cluster, and on its own it is nothing a caller could use.
 */
export const toAggregates = (items: Record<string, unknown>[]): ClusterAggregate[] => {
  const clusters = new Map<string, StoredCluster>()
  const nodegroups: StoredNodeGroup[] = []
  for (const item of items) {
    if (item[ENTITY_ATTRIBUTE] === NODEGROUP_ENTITY) nodegroups.push(fromNodeGroupItem(item))
    else {
      const c = fromClusterItem(item)
      clusters.set(c.uuid, c)
    }
  }
  const byCluster = new Map<string, StoredNodeGroup[]>()
  for (const n of nodegroups) {
    const cluster = clusters.get(n.cluster_id)
    if (!cluster || cluster.project_id !== n.project_id) continue
    byCluster.set(n.cluster_id, [...(byCluster.get(n.cluster_id) ?? []), n])
  }
  return [...clusters.values()].sort(byCreation).map((cluster) => ({
    cluster,
    nodegroups: sortNodeGroups(byCluster.get(cluster.uuid) ?? []),
  }))
}

/** The one aggregate of a cluster's item collection, if the cluster item is there. */
export const toAggregate = (
  clusterUuid: string,
  items: Record<string, unknown>[]
): ClusterAggregate | undefined => {
  const own = items.filter(
    (i) => typeof i.SK === 'string' && inClusterCollection(clusterUuid, i.SK)
  )
  if (!own.some((i) => i.SK === clusterSk(clusterUuid))) return undefined
  return toAggregates(own)[0]
}
