import { type DynamoDb, isTransactionCanceled } from '@berth/aws/dynamodb'
import type { TenantScope } from '@berth/core/cluster-templates/repository'
import type { ClusterAggregate, StoredCluster, StoredNodeGroup } from '@berth/core/clusters/model'
import type { ClusterRepository, QuotaCheck } from '@berth/core/clusters/repository'
import type { ClusterStatus } from '@berth/core/clusters/status'
import {
  ConcurrentUpdateError,
  ConflictError,
  InvalidError,
  NotFoundError,
} from '@berth/core/errors'
import {
  byCreation,
  fromClusterItem,
  hasCertificatesItem,
  sortNodeGroups,
  toAggregate,
  toAggregates,
  validCluster,
  validNodeGroup,
} from './cluster-item'
import { templateRefDecrement, templateRefIncrement } from './cluster-template-refs'
import {
  checkQuotaShape,
  quotaRefusal,
  readUsage,
  type Usage,
  usageAdjust,
  usageAdmit,
  vcpusOf,
} from './cluster-usage'
import {
  certificatesChanged,
  certificatesWrite,
  clusterDelete,
  clusterPut,
  distinctNodeGroups,
  MAX_NODEGROUPS,
  newClusterRecords,
  nodeGroupDelete,
  nodeGroupPut,
  nodeGroupRefusal,
  nodesOf,
  sameTemplateRef,
  templateRefOf,
} from './cluster-writes'
import { asStoreError } from './errors'
import {
  allClustersQuery,
  allNodeGroupsQuery,
  clusterByUuidQuery,
  clusterCollectionQuery,
  type PartitionQuery,
  projectClustersQuery,
} from './keys'
import { queryAll } from './query'
import {
  cancellationError,
  cancellationReasons,
  failedCondition,
  type TransactItem,
  type TransactOptions,
  transactWrite,
} from './transact'

export interface DynamoClusterRepositoryOptions {
  /** Items per Query page; only tests set it, to make every list cross page boundaries. */
  queryPageSize?: number
  /** Resending transactions cancelled by conflicts with other transactions. */
  transact?: TransactOptions
}

/** Clusters re-read at once by listByStatus: parallel, without a burst per cluster. */
const RE_READ_BATCH = 16

const clusterWhat = (uuid: string) => `Cluster ${uuid}`
const templateNotFound = (uuid: string) =>
  new NotFoundError(`ClusterTemplate ${uuid} could not be found.`)

/**
 * Clusters and their nodegroups in the single table (key layout in keys.ts). Own-project reads
 * are one strongly consistent Query of the cluster's item collection; cross-project reads go
 * through GSIs and are then re-read from the table where the answer decides a write. Every
 * write is one transaction conditional on the versions it was computed from, and keeps the
 * template's reference count and the project's usage item in step with the items they count.
 * @example
 * const repo = new DynamoClusterRepository(db, config.BERTH_TABLE_NAME)
 * const aggregate = await repo.get({ projectId, allProjects: false }, uuid)
 */
export class DynamoClusterRepository implements ClusterRepository {
  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string,
    private readonly options: DynamoClusterRepositoryOptions = {}
  ) {}

  private query(q: PartitionQuery) {
    return queryAll(this.db, this.tableName, q, {
      consistentRead: true,
      ...(this.options.queryPageSize ? { pageSize: this.options.queryPageSize } : {}),
    })
  }

  private transact(items: TransactItem[]) {
    return transactWrite(this.db, items, this.options.transact)
  }

  private async read(projectId: string, uuid: string): Promise<ClusterAggregate | undefined> {
    return (await this.readCollection(projectId, uuid)).aggregate
  }

  /** The aggregate, and whether its certificates have their own item yet. */
  private async readCollection(projectId: string, uuid: string) {
    const items = await this.query(clusterCollectionQuery(projectId, uuid))
    const aggregate = toAggregate(uuid, items)
    return {
      aggregate,
      certificatesItem: hasCertificatesItem({ project_id: projectId, uuid }, items),
    }
  }

  async create(aggregate: ClusterAggregate, templateProjectId: string, quota: QuotaCheck) {
    const { cluster, nodegroups } = newClusterRecords(aggregate, templateProjectId, quota)
    const vcpus = vcpusOf(nodegroups)
    checkQuotaShape(cluster.project_id, quota, vcpus)
    const conflict = new ConflictError(`A cluster with UUID ${cluster.uuid} already exists.`)
    const template = 1 + nodegroups.length
    try {
      // The conditional put guards this project's partition; the index guards the others.
      if ((await this.query(clusterByUuidQuery(cluster.uuid))).length > 0) throw conflict
      await this.transact([
        clusterPut(this.tableName, cluster, 'insert'),
        ...nodegroups.map((n) => nodeGroupPut(this.tableName, n, 0)),
        templateRefIncrement(this.tableName, templateRefOf(cluster)),
        usageAdmit(this.tableName, cluster.project_id, quota, vcpus),
        ...(cluster.certificates ? [certificatesWrite(this.tableName, cluster)] : []),
      ])
    } catch (e) {
      if (!isTransactionCanceled(e)) throw asStoreError(e)
      const reasons = cancellationReasons(e)
      if (failedCondition(reasons[template])) throw templateNotFound(cluster.cluster_template_id)
      if (reasons.slice(0, template).some(failedCondition)) throw conflict
      const usage = reasons[template + 1]
      if (failedCondition(usage)) {
        throw quotaRefusal(cluster.project_id, quota, usage?.Item, vcpus)
      }
      throw cancellationError(e, clusterWhat(cluster.uuid))
    }
  }

  async get(scope: TenantScope, uuid: string): Promise<ClusterAggregate | undefined> {
    try {
      const own = await this.read(scope.projectId, uuid)
      if (own || !scope.allProjects) return own
      for (const hit of (await this.query(clusterByUuidQuery(uuid))).map(fromClusterItem)) {
        const found = await this.read(hit.project_id, uuid)
        if (found) return found
      }
      return undefined
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async list(scope: TenantScope): Promise<ClusterAggregate[]> {
    try {
      if (!scope.allProjects)
        return toAggregates(await this.query(projectClustersQuery(scope.projectId)))
      const [clusters, nodegroups] = await Promise.all([
        this.query(allClustersQuery()),
        this.query(allNodeGroupsQuery()),
      ])
      return toAggregates([...clusters, ...nodegroups])
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async listByStatus(statuses: readonly ClusterStatus[]): Promise<ClusterAggregate[]> {
    try {
      const wanted = new Set(statuses)
      const hits = await Promise.all([...wanted].map((s) => this.query(allClustersQuery(s))))
      const found: ClusterAggregate[] = []
      const pending = hits.flat().map(fromClusterItem)
      // The index may lag a status change; the table says where each cluster is now.
      while (pending.length > 0) {
        const batch = pending.splice(0, RE_READ_BATCH)
        for (const now of await Promise.all(batch.map((c) => this.read(c.project_id, c.uuid)))) {
          if (now && wanted.has(now.cluster.status)) found.push(now)
        }
      }
      return found.sort((a, b) => byCreation(a.cluster, b.cluster))
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async save(
    cluster: StoredCluster,
    nodegroups: StoredNodeGroup[] = [],
    fromStatuses?: readonly ClusterStatus[]
  ): Promise<ClusterAggregate> {
    const c = validCluster(cluster)
    const ngs = nodegroups.map((n) => validNodeGroup(n, c))
    distinctNodeGroups(ngs)
    const stale = new ConcurrentUpdateError(clusterWhat(c.uuid))
    let incrementAt = -1
    try {
      // The deltas below (usage, template reference) are computed from this read; the
      // transaction's version conditions guarantee nothing moved in between.
      const { aggregate: stored, certificatesItem } = await this.readCollection(
        c.project_id,
        c.uuid
      )
      if (!stored || stored.cluster.version !== c.version) throw stale
      if (fromStatuses && !fromStatuses.includes(stored.cluster.status)) throw stale
      const before = new Map(stored.nodegroups.map((n) => [n.uuid, n]))
      let nodes = 0
      let vcpus = 0
      for (const n of ngs) {
        const old = before.get(n.uuid)
        if (n.record_version === 0 ? old : old?.record_version !== n.record_version) {
          throw new ConcurrentUpdateError(`NodeGroup ${n.uuid}`)
        }
        nodes += n.node_count - (old?.node_count ?? 0)
        vcpus += vcpusOf([n]) - (old ? vcpusOf([old]) : 0)
      }
      const inserted = ngs.filter((n) => !before.has(n.uuid)).length
      if (stored.nodegroups.length + inserted > MAX_NODEGROUPS) {
        throw new InvalidError(`a cluster may have at most ${MAX_NODEGROUPS} nodegroups`)
      }
      const next = { ...c, version: c.version + 1 }
      const items = [clusterPut(this.tableName, next, { version: c.version, fromStatuses })]
      if (certificatesChanged(next, stored.cluster, certificatesItem)) {
        items.push(certificatesWrite(this.tableName, next))
      }
      const written: StoredNodeGroup[] = []
      for (const n of ngs) {
        const w = { ...n, record_version: n.record_version + 1 }
        written.push(w)
        items.push(nodeGroupPut(this.tableName, w, n.record_version))
      }
      if (!sameTemplateRef(templateRefOf(stored.cluster), templateRefOf(c))) {
        items.push(templateRefDecrement(this.tableName, templateRefOf(stored.cluster)))
        incrementAt = items.push(templateRefIncrement(this.tableName, templateRefOf(c))) - 1
      }
      if (nodes !== 0 || vcpus !== 0) {
        items.push(usageAdjust(this.tableName, c.project_id, { nodes, vcpus }))
      }
      await this.transact(items)
      const untouched = stored.nodegroups.filter((n) => !ngs.some((w) => w.uuid === n.uuid))
      return { cluster: next, nodegroups: sortNodeGroups([...untouched, ...written]) }
    } catch (e) {
      if (!isTransactionCanceled(e)) throw asStoreError(e)
      if (failedCondition(cancellationReasons(e)[incrementAt])) {
        throw templateNotFound(c.cluster_template_id)
      }
      throw cancellationError(e, clusterWhat(c.uuid))
    }
  }

  async deleteNodeGroup(nodegroup: StoredNodeGroup): Promise<void> {
    try {
      await this.transact([
        nodeGroupDelete(this.tableName, nodegroup, 'alone'),
        usageAdjust(this.tableName, nodegroup.project_id, {
          nodes: -nodegroup.node_count,
          vcpus: -vcpusOf([nodegroup]),
        }),
      ])
    } catch (e) {
      if (!isTransactionCanceled(e)) throw asStoreError(e)
      if (!failedCondition(cancellationReasons(e)[0]))
        throw cancellationError(e, `NodeGroup ${nodegroup.uuid}`)
      throw nodeGroupRefusal(nodegroup, cancellationReasons(e)[0])
    }
  }

  async delete(aggregate: ClusterAggregate): Promise<void> {
    const { cluster } = aggregate
    const stale = new ConcurrentUpdateError(clusterWhat(cluster.uuid))
    try {
      const stored = await this.read(cluster.project_id, cluster.uuid)
      if (!stored || stored.cluster.version !== cluster.version) throw stale
      // Every stored nodegroup goes, and the caller must have seen each one: a nodegroup it
      // does not know about would otherwise be removed unseen, or left behind.
      const seen = new Map(aggregate.nodegroups.map((n) => [n.uuid, n.record_version]))
      const unseen = stored.nodegroups.some((n) => seen.get(n.uuid) !== n.record_version)
      if (unseen || seen.size !== stored.nodegroups.length) throw stale
      const items = [
        clusterDelete(this.tableName, stored.cluster),
        certificatesWrite(this.tableName, { ...stored.cluster, certificates: null }),
        ...stored.nodegroups.map((n) => nodeGroupDelete(this.tableName, n, 'with-cluster')),
        usageAdjust(this.tableName, cluster.project_id, {
          clusters: -1,
          nodes: -nodesOf(stored.nodegroups),
          vcpus: -vcpusOf(stored.nodegroups),
        }),
      ]
      const release = templateRefDecrement(this.tableName, templateRefOf(stored.cluster))
      try {
        await this.transact([...items, release])
      } catch (e) {
        if (!isTransactionCanceled(e)) throw e
        const reasons = cancellationReasons(e)
        const onlyTemplate =
          failedCondition(reasons[items.length]) &&
          !reasons.slice(0, items.length).some(failedCondition)
        if (!onlyTemplate) throw e
        // A template count that drifted to zero must not make a cluster undeletable.
        await this.transact(items)
      }
    } catch (e) {
      if (isTransactionCanceled(e)) throw cancellationError(e, clusterWhat(cluster.uuid))
      throw asStoreError(e)
    }
  }

  usage(projectId: string): Promise<Usage> {
    return readUsage(this.db, this.tableName, projectId)
  }
}
