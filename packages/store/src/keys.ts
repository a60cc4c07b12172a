import { BY_UUID_INDEX, COLLECTION_INDEX, MEMBERSHIP_INDEX, TABLE_KEYS } from './table'

/**
 * Every key of the table is built here and nowhere else.
 *
 * A key is a list of parts joined by `#`: uppercase labels and ids, always in a fixed shape per
 * item type, and the first part of a key is a label that names that shape. Ids are escaped
 * (`%` → `%25`, `#` → `%23`), so an id never adds a part: keys parse back into their parts,
 * and two items of different types or projects can never share a key.
 *
 * | Item                 | PK              | SK                                      | GSI1 (by uuid)                      | GSI2 (type)                                           | GSI3 (sparse set)                                   |
 * | -------------------- | --------------- | --------------------------------------- | ----------------------------------- | ----------------------------------------------------- | --------------------------------------------------- |
 * | ClusterTemplate      | `PROJECT#<pid>` | `CLUSTERTEMPLATE#<uuid>`                | `CLUSTERTEMPLATE#<uuid>` / PK       | `CLUSTERTEMPLATE` / SK                                | public only: `PUBLIC#CLUSTERTEMPLATE` / SK          |
 * | Cluster              | `PROJECT#<pid>` | `CLUSTER#<uuid>`                        | `CLUSTER#<uuid>` / PK               | `CLUSTER` / `STATUS#<status>#CLUSTER#<uuid>`          | `CLUSTERTEMPLATE#<template uuid>` / SK              |
 * | NodeGroup            | `PROJECT#<pid>` | `CLUSTER#<cuuid>#NODEGROUP#<nguuid>`    | `NODEGROUP#<nguuid>` / PK           | `NODEGROUP` / SK                                      | —                                                   |
 * | ClusterCertificates  | `PROJECT#<pid>` | `CLUSTER#<cuuid>#CERTIFICATES`          | —                                   | —                                                     | —                                                   |
 * | Usage                | `PROJECT#<pid>` | `USAGE`                                 | —                                   | `USAGE` / `PROJECT#<pid>`                             | —                                                   |
 * | Quota                | `PROJECT#<pid>` | `QUOTA#<resource>`                      | —                                   | `QUOTA` / `PROJECT#<pid>#QUOTA#<res>`                 | —                                                   |
 * | Sequence             | `SEQUENCE`      | `<type label>` (`QUOTA`)                | —                                   | —                                                     | —                                                   |
 * | Idempotency (planned)| `PROJECT#<pid>` | `IDEMPOTENCY#<key>`                     | —                                   | —                                                     | — (`expiresAt` TTL)                                 |
 * | Audit                | `PROJECT#<pid>` | `AUDIT#<iso time>#EVENT#<uuid>`         | —                                   | `AUDIT` / SK                                          | — (`expiresAt` TTL for retention)                   |
 * | Federation           | `PROJECT#<pid>` | `FEDERATION#<uuid>`                     | `FEDERATION#<uuid>` / PK            | `FEDERATION` / SK                                     | —                                                   |
 * | Service (heartbeat)  | `SERVICE`       | `SERVICE#<binary>#<host>`               | —                                   | —                                                     | — (`expiresAt` TTL: forgotten hosts fade)           |
 *
 * A cluster, its nodegroups and its certificates item share a partition and an SK prefix, so
 * one Query (`begins_with(SK, 'CLUSTER#<cuuid>')`) returns them all; because ids are not fixed-length in
 * general, the reader keeps only SK = cluster SK or SK starting with `<cluster SK>#`
 * ({@link inClusterCollection}). A project's clusters with all their nodegroups are one Query
 * of `begins_with(SK, 'CLUSTER#')`.
 *
 * A cluster's GSI2 sort key starts with its status, so the reconciler's "clusters in status S,
 * across projects" is one Query per status (`begins_with(GSI2SK, 'STATUS#S#')`) and admins'
 * "every cluster" is the whole `CLUSTER` partition, with no extra index and no Scan. Every
 * cluster write rewrites GSI2SK from the status it writes, so the index cannot lag behind a
 * status change by more than GSI propagation. A sparse "in progress" attribute would only
 * serve *_IN_PROGRESS, and GSI3 is taken by the template membership below. Nodegroups sit in
 * their own `NODEGROUP` partition of GSI2, so an all-projects list is two Queries, not one per
 * cluster; their SK never carries a status, so a cluster's status change rewrites one item.
 *
 * A cluster's GSI3 attributes make "clusters using template X" one Query; the template's
 * `refCount` is the transactional counter (see cluster-template-refs.ts). The Usage item counts
 * a project's clusters and nodes, changed only in the same transactions as the items it
 * counts, so quota checks are one condition on one item. Metering will add
 * `USAGE#<period>#...` sort keys under the same project partition; `USAGE` alone never matches
 * a `USAGE#` prefix.
 *
 * A Sequence item hands out integer ids where Magnum renders them (quotas); ids come from an
 * atomic ADD, so they are unique, increasing, and may have gaps.
 *
 * Sort-key prefixes end with `#`, so `begins_with(SK, 'CLUSTER#')` never matches
 * `CLUSTERTEMPLATE#…` and vice versa.
 */
export const Label = {
  Project: 'PROJECT',
  ClusterTemplate: 'CLUSTERTEMPLATE',
  Cluster: 'CLUSTER',
  NodeGroup: 'NODEGROUP',
  Certificates: 'CERTIFICATES',
  Quota: 'QUOTA',
  Idempotency: 'IDEMPOTENCY',
  Audit: 'AUDIT',
  Event: 'EVENT',
  Public: 'PUBLIC',
  Sequence: 'SEQUENCE',
  Status: 'STATUS',
  Usage: 'USAGE',
  Federation: 'FEDERATION',
  Service: 'SERVICE',
} as const
export type Label = (typeof Label)[keyof typeof Label]

export const SEPARATOR = '#'

/** Makes an id safe to embed: it can then contain no separator. */
export const escapeId = (id: string): string => id.replace(/%/g, '%25').replace(/#/g, '%23')

export const unescapeId = (part: string): string =>
  part.replace(/%(23|25)/g, (_, code: string) => (code === '23' ? '#' : '%'))

/** Joins parts (labels and raw ids) into one key value. */
export const joinKey = (...parts: string[]): string => parts.map(escapeId).join(SEPARATOR)

/** The parts of a key, ids unescaped: the inverse of {@link joinKey}. */
export const splitKey = (key: string): string[] => key.split(SEPARATOR).map(unescapeId)

/** The primary key of one item (a type, not an interface, so it is a plain Record too). */
export type ItemKey = {
  PK: string
  SK: string
}

/** A Query of one partition: of the table (`index` absent) or of a GSI. */
export interface PartitionQuery {
  index?: string
  partitionKeyAttribute: string
  sortKeyAttribute: string
  partitionKey: string
  /** Restricts the sort key: exactly this value, or values beginning with this prefix. */
  sortKey?: { equals: string } | { beginsWith: string }
}

export const projectPk = (projectId: string): string => joinKey(Label.Project, projectId)

// Cluster templates ---------------------------------------------------------------------------

export const clusterTemplateSk = (uuid: string): string => joinKey(Label.ClusterTemplate, uuid)

export const clusterTemplateKey = (projectId: string, uuid: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: clusterTemplateSk(uuid),
})

/**
 * The index attributes a template item carries. The public-set pair is present only while the
 * template is public; writers REMOVE it otherwise (see {@link PUBLIC_SET_ATTRIBUTES}).
 */
export const clusterTemplateIndexKeys = (
  projectId: string,
  uuid: string,
  isPublic: boolean
): Record<string, string> => {
  const sk = clusterTemplateSk(uuid)
  const keys: Record<string, string> = {
    [BY_UUID_INDEX.partitionKey]: joinKey(Label.ClusterTemplate, uuid),
    [BY_UUID_INDEX.sortKey]: projectPk(projectId),
    [COLLECTION_INDEX.partitionKey]: joinKey(Label.ClusterTemplate),
    [COLLECTION_INDEX.sortKey]: sk,
  }
  if (isPublic) {
    keys[MEMBERSHIP_INDEX.partitionKey] = joinKey(Label.Public, Label.ClusterTemplate)
    keys[MEMBERSHIP_INDEX.sortKey] = sk
  }
  return keys
}

/** Attributes that put an item in the sparse public set. */
export const PUBLIC_SET_ATTRIBUTES: readonly string[] = [
  MEMBERSHIP_INDEX.partitionKey,
  MEMBERSHIP_INDEX.sortKey,
]

const table = (partitionKey: string, sortKey?: PartitionQuery['sortKey']): PartitionQuery => ({
  partitionKeyAttribute: TABLE_KEYS.partitionKey,
  sortKeyAttribute: TABLE_KEYS.sortKey,
  partitionKey,
  ...(sortKey ? { sortKey } : {}),
})

const onIndex = (
  index: { name: string; partitionKey: string; sortKey: string },
  partitionKey: string,
  sortKey?: PartitionQuery['sortKey']
): PartitionQuery => ({
  index: index.name,
  partitionKeyAttribute: index.partitionKey,
  sortKeyAttribute: index.sortKey,
  partitionKey,
  ...(sortKey ? { sortKey } : {}),
})

/** A project's own templates (strongly consistent: it is the table). */
export const projectClusterTemplatesQuery = (projectId: string): PartitionQuery =>
  table(projectPk(projectId), { beginsWith: `${Label.ClusterTemplate}${SEPARATOR}` })

/** Every public template, whatever its project. */
export const publicClusterTemplatesQuery = (uuid?: string): PartitionQuery =>
  onIndex(
    MEMBERSHIP_INDEX,
    joinKey(Label.Public, Label.ClusterTemplate),
    uuid === undefined ? undefined : { equals: clusterTemplateSk(uuid) }
  )

/** Every template of every project (admins). */
export const allClusterTemplatesQuery = (): PartitionQuery =>
  onIndex(COLLECTION_INDEX, joinKey(Label.ClusterTemplate))

/** One template by uuid, whatever its project. */
export const clusterTemplateByUuidQuery = (uuid: string): PartitionQuery =>
  onIndex(BY_UUID_INDEX, joinKey(Label.ClusterTemplate, uuid))

// Clusters and nodegroups --------------------------------------------------------------------

export const clusterSk = (uuid: string): string => joinKey(Label.Cluster, uuid)

export const clusterKey = (projectId: string, uuid: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: clusterSk(uuid),
})

export const nodeGroupSk = (clusterUuid: string, uuid: string): string =>
  joinKey(Label.Cluster, clusterUuid, Label.NodeGroup, uuid)

export const nodeGroupKey = (projectId: string, clusterUuid: string, uuid: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: nodeGroupSk(clusterUuid, uuid),
})

/**
 * A cluster's CAs and client certificate, apart from the cluster item: they are most of its
 * size, change only at create and CA rotation, and no index needs them, so the cluster's many
 * writes (each copied into three GSIs) do not carry them. In the cluster's item collection.
 */
export const clusterCertificatesKey = (projectId: string, clusterUuid: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: joinKey(Label.Cluster, clusterUuid, Label.Certificates),
})

/** Whether an SK of the cluster's partition belongs to that cluster (itself or a nodegroup). */
export const inClusterCollection = (clusterUuid: string, sk: string): boolean => {
  const own = clusterSk(clusterUuid)
  return sk === own || sk.startsWith(`${own}${SEPARATOR}`)
}

const statusPrefix = (status: string): string => `${joinKey(Label.Status, status)}${SEPARATOR}`

/**
 * The index attributes a cluster item carries, all derived from what the item says, so a
 * writer that puts the whole item keeps every index in step (status included).
 */
export const clusterIndexKeys = (
  projectId: string,
  uuid: string,
  status: string,
  templateUuid: string
): Record<string, string> => ({
  [BY_UUID_INDEX.partitionKey]: joinKey(Label.Cluster, uuid),
  [BY_UUID_INDEX.sortKey]: projectPk(projectId),
  [COLLECTION_INDEX.partitionKey]: joinKey(Label.Cluster),
  [COLLECTION_INDEX.sortKey]: `${statusPrefix(status)}${clusterSk(uuid)}`,
  [MEMBERSHIP_INDEX.partitionKey]: joinKey(Label.ClusterTemplate, templateUuid),
  [MEMBERSHIP_INDEX.sortKey]: clusterSk(uuid),
})

export const nodeGroupIndexKeys = (
  projectId: string,
  clusterUuid: string,
  uuid: string
): Record<string, string> => ({
  [BY_UUID_INDEX.partitionKey]: joinKey(Label.NodeGroup, uuid),
  [BY_UUID_INDEX.sortKey]: projectPk(projectId),
  [COLLECTION_INDEX.partitionKey]: joinKey(Label.NodeGroup),
  [COLLECTION_INDEX.sortKey]: nodeGroupSk(clusterUuid, uuid),
})

/** One cluster and its nodegroups (filter with {@link inClusterCollection}). */
export const clusterCollectionQuery = (projectId: string, uuid: string): PartitionQuery =>
  table(projectPk(projectId), { beginsWith: clusterSk(uuid) })

/** A project's clusters and all their nodegroups. */
export const projectClustersQuery = (projectId: string): PartitionQuery =>
  table(projectPk(projectId), { beginsWith: `${Label.Cluster}${SEPARATOR}` })

/** One cluster by uuid, whatever its project. */
export const clusterByUuidQuery = (uuid: string): PartitionQuery =>
  onIndex(BY_UUID_INDEX, joinKey(Label.Cluster, uuid))

/** Every cluster of every project, or (status given) those in that status. */
export const allClustersQuery = (status?: string): PartitionQuery =>
  onIndex(
    COLLECTION_INDEX,
    joinKey(Label.Cluster),
    status === undefined ? undefined : { beginsWith: statusPrefix(status) }
  )

/** Every nodegroup of every project. */
export const allNodeGroupsQuery = (): PartitionQuery =>
  onIndex(COLLECTION_INDEX, joinKey(Label.NodeGroup))

/** Clusters using a template, whatever their project. */
export const clustersUsingTemplateQuery = (templateUuid: string): PartitionQuery =>
  onIndex(MEMBERSHIP_INDEX, joinKey(Label.ClusterTemplate, templateUuid))

/** A project's cluster and node counts (see cluster-usage.ts). */
export const usageKey = (projectId: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: joinKey(Label.Usage),
})

/** Usage items sit in one GSI2 partition, so global stats are one Query, never a Scan. */
export const usageIndexKeys = (projectId: string): Record<string, string> => ({
  [COLLECTION_INDEX.partitionKey]: joinKey(Label.Usage),
  [COLLECTION_INDEX.sortKey]: projectPk(projectId),
})

/** Every project's usage item. */
export const allUsageQuery = (): PartitionQuery => onIndex(COLLECTION_INDEX, joinKey(Label.Usage))

// Quotas -------------------------------------------------------------------------------------

export const quotaKey = (projectId: string, resource: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: joinKey(Label.Quota, resource),
})

export const quotaIndexKeys = (projectId: string, resource: string): Record<string, string> => ({
  [COLLECTION_INDEX.partitionKey]: joinKey(Label.Quota),
  [COLLECTION_INDEX.sortKey]: joinKey(Label.Project, projectId, Label.Quota, resource),
})

/** A project's quotas. */
export const projectQuotasQuery = (projectId: string): PartitionQuery =>
  table(projectPk(projectId), { beginsWith: `${Label.Quota}${SEPARATOR}` })

/** Every project's quotas (admins). */
export const allQuotasQuery = (): PartitionQuery => onIndex(COLLECTION_INDEX, joinKey(Label.Quota))

/** The counter that numbers items of one type (`label`), e.g. quotas. */
export const sequenceKey = (label: Label): ItemKey => ({
  PK: joinKey(Label.Sequence),
  SK: joinKey(label),
})

// Federations ---------------------------------------------------------------------------------

export const federationSk = (uuid: string): string => joinKey(Label.Federation, uuid)

export const federationKey = (projectId: string, uuid: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: federationSk(uuid),
})

export const federationIndexKeys = (projectId: string, uuid: string): Record<string, string> => ({
  [BY_UUID_INDEX.partitionKey]: joinKey(Label.Federation, uuid),
  [BY_UUID_INDEX.sortKey]: projectPk(projectId),
  [COLLECTION_INDEX.partitionKey]: joinKey(Label.Federation),
  [COLLECTION_INDEX.sortKey]: federationSk(uuid),
})

/** A project's federations. */
export const projectFederationsQuery = (projectId: string): PartitionQuery =>
  table(projectPk(projectId), { beginsWith: `${Label.Federation}${SEPARATOR}` })

/** Every project's federations (admins). */
export const allFederationsQuery = (): PartitionQuery =>
  onIndex(COLLECTION_INDEX, joinKey(Label.Federation))

/** One federation by uuid, whatever its project. */
export const federationByUuidQuery = (uuid: string): PartitionQuery =>
  onIndex(BY_UUID_INDEX, joinKey(Label.Federation, uuid))

// Service heartbeats (mservices) -------------------------------------------------------------

/** One component of Berth on one host; few enough that one partition holds them all. */
export const serviceKey = (binary: string, host: string): ItemKey => ({
  PK: joinKey(Label.Service),
  SK: joinKey(Label.Service, binary, host),
})

export const allServicesQuery = (): PartitionQuery =>
  table(joinKey(Label.Service), { beginsWith: `${Label.Service}${SEPARATOR}` })

// Audit ---------------------------------------------------------------------------------------

/** Audit records of every project in one GSI2 partition, newest last (admins read it backwards). */
export const auditIndexKeys = (at: string, eventUuid: string): Record<string, string> => ({
  [COLLECTION_INDEX.partitionKey]: joinKey(Label.Audit),
  [COLLECTION_INDEX.sortKey]: joinKey(Label.Audit, at, Label.Event, eventUuid),
})

/** A project's audit records (time-ordered by their sort key). */
export const projectAuditQuery = (projectId: string): PartitionQuery =>
  table(projectPk(projectId), { beginsWith: `${Label.Audit}${SEPARATOR}` })

/** Every project's audit records. */
export const allAuditQuery = (): PartitionQuery => onIndex(COLLECTION_INDEX, joinKey(Label.Audit))

// Planned items: primary keys only, fixed now so the shapes above cannot collide with them ---

export const idempotencyKey = (projectId: string, key: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: joinKey(Label.Idempotency, key),
})

/** `at` is an ISO-8601 UTC time, so a project's audit records sort by time. */
export const auditKey = (projectId: string, at: string, eventUuid: string): ItemKey => ({
  PK: projectPk(projectId),
  SK: joinKey(Label.Audit, at, Label.Event, eventUuid),
})
