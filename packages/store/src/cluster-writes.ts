import type { CancellationReason } from '@berth/aws/dynamodb-types'
import type { ClusterAggregate, StoredCluster, StoredNodeGroup } from '@berth/core/clusters/model'
import type { QuotaCheck } from '@berth/core/clusters/repository'
import type { ClusterStatus } from '@berth/core/clusters/status'
import { type BerthError, ConcurrentUpdateError, InvalidError } from '@berth/core/errors'
import {
  toCertificatesItem,
  toClusterItem,
  toNodeGroupItem,
  validCluster,
  validNodeGroup,
} from './cluster-item'
import type { TemplateRef } from './cluster-template-refs'
import {
  and,
  attributeExists,
  attributeNotExists,
  type Condition,
  conditionFields,
  equals,
  isIn,
} from './expression'
import { clusterCertificatesKey, clusterKey, nodeGroupKey } from './keys'
import { TABLE_KEYS } from './table'
import { MAX_TRANSACTION_ITEMS, rawBoolean, rawNumber, type TransactItem } from './transact'

/** Store attributes the conditions below read; they are domain fields of the records. */
const Attr = {
  version: 'version',
  recordVersion: 'record_version',
  status: 'status',
  isDefault: 'is_default',
  nodeCount: 'node_count',
} as const

/**
 * Most nodegroups a cluster may have: its delete removes them all in one transaction, together
 * with the cluster, its certificates, the template reference and the usage.
 */
export const MAX_NODEGROUPS = MAX_TRANSACTION_ITEMS - 4

export const nodesOf = (ngs: readonly StoredNodeGroup[]): number =>
  ngs.reduce((n, g) => n + g.node_count, 0)

/** DynamoDB refuses two actions on one item in a transaction; say why in domain terms. */
export const distinctNodeGroups = (ngs: readonly StoredNodeGroup[]): void => {
  if (new Set(ngs.map((n) => n.uuid)).size !== ngs.length) {
    throw new InvalidError('a nodegroup appears twice in one write')
  }
}

export const templateRefOf = (c: StoredCluster): TemplateRef => ({
  projectId: c.cluster_template_project_id,
  uuid: c.cluster_template_id,
})

export const sameTemplateRef = (a: TemplateRef, b: TemplateRef): boolean =>
  a.projectId === b.projectId && a.uuid === b.uuid

/** The records a create stores (version 1 each), refused before any write if inconsistent. */
export const newClusterRecords = (
  aggregate: ClusterAggregate,
  templateProjectId: string,
  quota: QuotaCheck
): ClusterAggregate => {
  const cluster = validCluster({ ...aggregate.cluster, version: 1 })
  const nodegroups = aggregate.nodegroups.map((n) => ({
    ...validNodeGroup(n, cluster),
    record_version: 1,
  }))
  distinctNodeGroups(nodegroups)
  if (nodegroups.length > MAX_NODEGROUPS) {
    throw new InvalidError(`a cluster may have at most ${MAX_NODEGROUPS} nodegroups`)
  }
  // Delete releases the reference through the cluster's own record, so it must name it.
  if (cluster.cluster_template_project_id !== templateProjectId) {
    throw new InvalidError('cluster_template_project_id must be the template’s project')
  }
  // Usage counts node_count; a different figure here would drift it on the first resize.
  if (quota.nodes !== nodesOf(nodegroups)) {
    throw new InvalidError(`quota.nodes ${quota.nodes} is not the nodegroups' node count`)
  }
  return { cluster, nodegroups }
}

const when = {
  absent: attributeNotExists(TABLE_KEYS.partitionKey),
  present: attributeExists(TABLE_KEYS.partitionKey),
}

/** What a cluster write expects of the stored item: nothing there, or this version (and status). */
export type ClusterExpectation =
  | 'insert'
  | { version: number; fromStatuses?: readonly ClusterStatus[] | undefined }

const clusterCondition = (expect: ClusterExpectation): Condition => {
  if (expect === 'insert') return when.absent
  const parts = [when.present, equals(Attr.version, expect.version)]
  if (expect.fromStatuses) parts.push(isIn(Attr.status, expect.fromStatuses))
  return and(...parts)
}

/** The whole cluster item, so every index attribute is rewritten from what the record says. */
export const clusterPut = (
  tableName: string,
  cluster: StoredCluster,
  expect: ClusterExpectation
): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: toClusterItem(cluster),
    ...conditionFields(clusterCondition(expect)),
  },
})

/**
 * The certificates as `cluster` carries them, or their item removed when it carries none. No
 * condition of its own: it is only ever written beside a conditional put of its cluster.
 */
export const certificatesWrite = (tableName: string, cluster: StoredCluster): TransactItem =>
  cluster.certificates
    ? { Put: { TableName: tableName, Item: toCertificatesItem(cluster, cluster.certificates) } }
    : {
        Delete: {
          TableName: tableName,
          Key: clusterCertificatesKey(cluster.project_id, cluster.uuid),
        },
      }

/**
 * Whether a save must write the certificates item: they changed, or they still sit only on the
 * cluster item (written before they had an item of their own), which the put now strips.
 */
export const certificatesChanged = (
  next: StoredCluster,
  stored: StoredCluster,
  storedInOwnItem: boolean
): boolean => {
  if (!next.certificates) return storedInOwnItem
  if (!storedInOwnItem) return true
  return JSON.stringify(next.certificates) !== JSON.stringify(stored.certificates)
}

export const clusterDelete = (tableName: string, cluster: StoredCluster): TransactItem => ({
  Delete: {
    TableName: tableName,
    Key: clusterKey(cluster.project_id, cluster.uuid),
    ...conditionFields(and(when.present, equals(Attr.version, cluster.version))),
  },
})

/** `next` as it will be stored; `expected` is the stored record_version, 0 for an insert. */
export const nodeGroupPut = (
  tableName: string,
  next: StoredNodeGroup,
  expected: number
): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: toNodeGroupItem(next),
    ...conditionFields(
      expected === 0 ? when.absent : and(when.present, equals(Attr.recordVersion, expected))
    ),
  },
})

/**
 * Removes a nodegroup as the caller saw it; a default one only with its cluster. The node
 * count is part of the condition because the usage release beside it is computed from the
 * caller's copy.
 */
export const nodeGroupDelete = (
  tableName: string,
  nodegroup: StoredNodeGroup,
  scope: 'alone' | 'with-cluster'
): TransactItem => ({
  Delete: {
    TableName: tableName,
    Key: nodeGroupKey(nodegroup.project_id, nodegroup.cluster_id, nodegroup.uuid),
    ...conditionFields(
      and(
        when.present,
        equals(Attr.recordVersion, nodegroup.record_version),
        equals(Attr.nodeCount, nodegroup.node_count),
        ...(scope === 'alone' ? [equals(Attr.isDefault, false)] : [])
      )
    ),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
})

/** Why a lone {@link nodeGroupDelete} failed, from the item as it was. */
export const nodeGroupRefusal = (
  nodegroup: StoredNodeGroup,
  reason: CancellationReason | undefined
): BerthError => {
  const old = reason?.Item
  const current = rawNumber(old, Attr.recordVersion) === nodegroup.record_version
  if (reason?.Code === 'ConditionalCheckFailed' && current && rawBoolean(old, Attr.isDefault)) {
    return new InvalidError('Deleting a default nodegroup is not supported.')
  }
  return new ConcurrentUpdateError(`NodeGroup ${nodegroup.uuid}`)
}
