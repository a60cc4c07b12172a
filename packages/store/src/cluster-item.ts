import { type ClusterCertificates, ClusterCertificatesSchema } from '@berth/core/certificates/model'
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
  clusterCertificatesKey,
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
export const CERTIFICATES_ENTITY = 'ClusterCertificates'
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

/**
 * A complete cluster item: keys, index attributes (status and template included), marker. The
 * certificates are not part of it: they have an item of their own ({@link toCertificatesItem}).
 */
export const toClusterItem = (c: StoredCluster): Record<string, unknown> => {
  const { certificates: _, ...record } = c
  return {
    ...clusterKey(c.project_id, c.uuid),
    ...clusterIndexKeys(c.project_id, c.uuid, c.status, c.cluster_template_id),
    [ENTITY_ATTRIBUTE]: CLUSTER_ENTITY,
    ...record,
  }
}

/** The cluster's certificates item: no index attributes, so no GSI holds a copy. */
export const toCertificatesItem = (
  c: Pick<StoredCluster, 'project_id' | 'uuid'>,
  certificates: ClusterCertificates
): Record<string, unknown> => ({
  ...clusterCertificatesKey(c.project_id, c.uuid),
  [ENTITY_ATTRIBUTE]: CERTIFICATES_ENTITY,
  project_id: c.project_id,
  cluster_id: c.uuid,
  certificates,
})

const CertificatesRecordSchema = z.object({
  project_id: z.string(),
  cluster_id: z.string(),
  certificates: ClusterCertificatesSchema,
})

/** Which cluster a certificates item belongs to, and what it holds. */
export const fromCertificatesItem = (
  item: Record<string, unknown>
): { clusterId: string; projectId: string; certificates: ClusterCertificates } => {
  const what = `certificates of cluster ${String(item.cluster_id ?? item.SK ?? '?')}`
  if (item[ENTITY_ATTRIBUTE] !== CERTIFICATES_ENTITY) throw new CorruptItemError(what)
  const parsed = CertificatesRecordSchema.safeParse(recordOf(item))
  if (!parsed.success) throw new CorruptItemError(what, { cause: parsed.error })
  const { project_id: projectId, cluster_id: clusterId, certificates } = parsed.data
  const key = clusterCertificatesKey(projectId, clusterId)
  if (item.PK !== key.PK || item.SK !== key.SK) throw new CorruptItemError(what)
  return { clusterId, projectId, certificates }
}

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
  const certificates: ReturnType<typeof fromCertificatesItem>[] = []
  for (const item of items) {
    if (item[ENTITY_ATTRIBUTE] === NODEGROUP_ENTITY) nodegroups.push(fromNodeGroupItem(item))
    else if (item[ENTITY_ATTRIBUTE] === CERTIFICATES_ENTITY) {
      certificates.push(fromCertificatesItem(item))
    } else {
      const c = fromClusterItem(item)
      clusters.set(c.uuid, c)
    }
  }
  // The certificates item wins over certificates a cluster item still carries from before
  // they had one: it is written whenever they change.
  for (const { clusterId, projectId, certificates: certs } of certificates) {
    const cluster = clusters.get(clusterId)
    if (cluster?.project_id === projectId)
      clusters.set(clusterId, { ...cluster, certificates: certs })
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

/** Whether a cluster's item collection holds its certificates item. */
export const hasCertificatesItem = (
  c: Pick<StoredCluster, 'project_id' | 'uuid'>,
  items: Record<string, unknown>[]
): boolean => items.some((i) => i.SK === clusterCertificatesKey(c.project_id, c.uuid).SK)

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
