import type { DynamoDb } from '@berth/aws/dynamodb'
import type { RawItem } from '@berth/aws/dynamodb-types'
import type { QuotaCheck } from '@berth/core/clusters/repository'
import { QuotaExceededError } from '@berth/core/errors'
import * as z from 'zod/mini'
import { ENTITY_ATTRIBUTE } from './cluster-item'
import { asStoreError, CorruptItemError } from './errors'
import { and, atMost, attributeNotExists, lessThan, or, updateFields } from './expression'
import { usageIndexKeys, usageKey } from './keys'
import { rawNumber, type TransactItem } from './transact'

export const USAGE_ENTITY = 'Usage'

/** Counters of the usage item; DynamoDB's ADD creates them at 0 on first use. */
export const UsageAttr = { clusters: 'clusters', nodes: 'nodes', vcpus: 'vcpus' } as const

export interface Usage {
  clusters: number
  nodes: number
  vcpus: number
}

const UsageItemSchema = z.object({
  [ENTITY_ATTRIBUTE]: z.literal(USAGE_ENTITY),
  [UsageAttr.clusters]: z.optional(z.int()),
  [UsageAttr.nodes]: z.optional(z.int()),
  [UsageAttr.vcpus]: z.optional(z.int()),
})

/** A project's usage from its item; no item means nothing was ever created there. */
export const fromUsageItem = (item: Record<string, unknown> | undefined): Usage => {
  if (!item) return { clusters: 0, nodes: 0, vcpus: 0 }
  const parsed = UsageItemSchema.safeParse(item)
  if (!parsed.success) throw new CorruptItemError('usage', { cause: parsed.error })
  return {
    clusters: parsed.data.clusters ?? 0,
    nodes: parsed.data.nodes ?? 0,
    vcpus: parsed.data.vcpus ?? 0,
  }
}

/** A project's usage item, read strongly consistent; zeros when it has none yet. */
export const readUsage = async (db: DynamoDb, tableName: string, projectId: string) => {
  try {
    const out = await db.get({
      TableName: tableName,
      Key: usageKey(projectId),
      ConsistentRead: true,
    })
    return fromUsageItem(out.Item)
  } catch (e) {
    throw asStoreError(e)
  }
}

/** What the usage item is set to on every write: its type and its place in the stats index. */
const usageSets = (projectId: string) => ({
  [ENTITY_ATTRIBUTE]: USAGE_ENTITY,
  ...usageIndexKeys(projectId),
})

/** vCPUs nodegroups hold: nodes × their flavor's vCPUs, where known. */
export const vcpusOf = (
  ngs: readonly { node_count: number; vcpus_per_node?: number | undefined }[]
): number => ngs.reduce((sum, n) => sum + n.node_count * (n.vcpus_per_node ?? 0), 0)

/**
 * Quota refusals decided before any write: limits no usage could ever meet. Everything that
 * depends on current usage is decided by {@link usageAdmit}'s condition, atomically.
 */
export const checkQuotaShape = (projectId: string, quota: QuotaCheck, vcpus = 0): void => {
  if (quota.maxClusters <= 0) throw clusterQuotaExceeded(projectId, quota)
  if (quota.maxNodes !== undefined && quota.nodes > quota.maxNodes) {
    throw nodeQuotaExceeded(projectId, quota, 0)
  }
  if (quota.maxVcpus !== undefined && vcpus > quota.maxVcpus) {
    throw vcpuQuotaExceeded(projectId, quota.maxVcpus, vcpus, 0)
  }
}

/**
 * The transaction item that counts a new cluster: +1 cluster, +n nodes, only while the
 * project stays within its quota. Concurrent creates all update this one item, so DynamoDB
 * serialises them and exactly as many as the quota allows get through.
 */
export const usageAdmit = (
  tableName: string,
  projectId: string,
  quota: QuotaCheck,
  vcpus = 0
): TransactItem => {
  const fits = (attribute: string, max: number | undefined, adding: number) =>
    max === undefined
      ? undefined
      : or(attributeNotExists(attribute), atMost(attribute, max - adding))
  const conditions = [
    or(attributeNotExists(UsageAttr.clusters), lessThan(UsageAttr.clusters, quota.maxClusters)),
    fits(UsageAttr.nodes, quota.maxNodes, quota.nodes),
    fits(UsageAttr.vcpus, quota.maxVcpus, vcpus),
  ].filter((c) => c !== undefined)
  return {
    Update: {
      TableName: tableName,
      Key: usageKey(projectId),
      ...updateFields(
        {
          set: usageSets(projectId),
          add: {
            [UsageAttr.clusters]: 1,
            [UsageAttr.nodes]: quota.nodes,
            [UsageAttr.vcpus]: vcpus,
          },
        },
        and(...conditions)
      ),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  }
}

/**
 * The transaction item that moves usage by a delta, unconditionally: it only ever runs in the
 * transaction that changes what it counts, so it cannot drift, and releasing usage must never
 * be what stops a delete or a resize.
 */
export const usageAdjust = (
  tableName: string,
  projectId: string,
  delta: Partial<Usage>
): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: usageKey(projectId),
    ...updateFields({
      set: usageSets(projectId),
      add: {
        ...(delta.clusters ? { [UsageAttr.clusters]: delta.clusters } : {}),
        ...(delta.nodes ? { [UsageAttr.nodes]: delta.nodes } : {}),
        ...(delta.vcpus ? { [UsageAttr.vcpus]: delta.vcpus } : {}),
      },
    }),
  },
})

const clusterQuotaExceeded = (projectId: string, quota: QuotaCheck) =>
  new QuotaExceededError(
    `Cluster quota exceeded for project ${projectId}: you have reached the maximum clusters ` +
      `per project, ${quota.maxClusters}. You may delete a cluster to make room for a new one.`,
    'Cluster'
  )

const nodeQuotaExceeded = (projectId: string, quota: QuotaCheck, inUse: number) =>
  new QuotaExceededError(
    `Node quota exceeded for project ${projectId}: ${inUse} nodes in use, the cluster adds ` +
      `${quota.nodes}, the limit is ${quota.maxNodes}.`,
    'Node'
  )

const vcpuQuotaExceeded = (projectId: string, max: number, adding: number, inUse: number) =>
  new QuotaExceededError(
    `VCPU quota exceeded for project ${projectId}: ${inUse} vCPUs in use, the cluster adds ` +
      `${adding}, the limit is ${max}.`,
    'VCPU'
  )

/** Which limit a failed {@link usageAdmit} hit, from the usage item as it was. */
export const quotaRefusal = (
  projectId: string,
  quota: QuotaCheck,
  old: RawItem | undefined,
  vcpus = 0
): QuotaExceededError => {
  const clusters = rawNumber(old, UsageAttr.clusters) ?? 0
  if (clusters >= quota.maxClusters) return clusterQuotaExceeded(projectId, quota)
  const nodes = rawNumber(old, UsageAttr.nodes) ?? 0
  if (quota.maxNodes !== undefined && nodes + quota.nodes > quota.maxNodes) {
    return nodeQuotaExceeded(projectId, quota, nodes)
  }
  const inUse = rawNumber(old, UsageAttr.vcpus) ?? 0
  return vcpuQuotaExceeded(projectId, quota.maxVcpus ?? 0, vcpus, inUse)
}
