import type { TenantScope } from '../cluster-templates/repository'
import type { ClusterAggregate, StoredCluster, StoredNodeGroup } from './model'
import type { ClusterStatus } from './status'

/** The quota a cluster create is admitted under, checked atomically with the insert. */
export interface QuotaCheck {
  /** Most clusters the project may hold (Magnum's hard_limit for resource Cluster). */
  maxClusters: number
  /** Most nodes (all nodegroups, masters included) the project may hold; undefined = no limit. */
  maxNodes: number | undefined
  /** Nodes this cluster adds. */
  nodes: number
  /**
   * Most vCPUs (Σ node_count × the flavor's vcpus, see NodeGroup.vcpus_per_node) the project
   * may hold; undefined = no limit. The store counts the cluster's vCPUs from its nodegroups.
   */
  maxVcpus?: number | undefined
}

/**
 * Port: clusters and their nodegroups. One real adapter: @berth/store (DynamoDB). Every
 * method is scoped by project; writes are conditional on the stored version, and on the
 * status where the method says so, so two requests cannot both move a cluster.
 */
export interface ClusterRepository {
  /**
   * Inserts a cluster (version 1) with its nodegroups in one transaction that also takes a
   * reference on its template (which must still exist: NotFoundError otherwise) and counts it
   * against the project's usage. Fails with QuotaExceededError when the project is at its
   * limit, ConflictError if the uuid exists.
   */
  create(aggregate: ClusterAggregate, templateProjectId: string, quota: QuotaCheck): Promise<void>
  /** One cluster with its nodegroups, if the scope reaches it. */
  get(scope: TenantScope, uuid: string): Promise<ClusterAggregate | undefined>
  /** Every cluster (with nodegroups) the scope reaches. Never a Scan. */
  list(scope: TenantScope): Promise<ClusterAggregate[]>
  /** Clusters in one of these statuses, across projects (the reconciler's view). */
  listByStatus(statuses: readonly ClusterStatus[]): Promise<ClusterAggregate[]>
  /**
   * Writes the cluster iff its stored version is `cluster.version` and, when given, its stored
   * status is one of `fromStatuses`; nodegroups given are written in the same transaction
   * (each conditional on its own `record_version`; 0 = insert). Returns the stored records.
   * Throws ConcurrentUpdateError otherwise.
   */
  save(
    cluster: StoredCluster,
    nodegroups?: StoredNodeGroup[],
    fromStatuses?: readonly ClusterStatus[]
  ): Promise<ClusterAggregate>
  /** Removes one non-default nodegroup (conditional on its `record_version`). */
  deleteNodeGroup(nodegroup: StoredNodeGroup): Promise<void>
  /**
   * Removes the cluster and its nodegroups, releases the template reference and the usage, in
   * one transaction; conditional on the cluster's version.
   */
  delete(aggregate: ClusterAggregate): Promise<void>
  /** The project's current usage: clusters, nodes and (when counted) vCPUs. */
  usage(projectId: string): Promise<{ clusters: number; nodes: number; vcpus?: number }>
}
