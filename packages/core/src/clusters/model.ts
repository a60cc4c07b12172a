import * as z from 'zod/mini'
import { ClusterCertificatesSchema } from '../certificates/model'
import { ALL_STATUSES, type ClusterStatus, HealthStatus } from './status'

const Status = z.enum(ALL_STATUSES as [ClusterStatus, ...ClusterStatus[]])
const Health = z.enum([HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Unknown])

/** The kinds of long-running operation a workflow carries out. One state machine each. */
export const OPERATION_KINDS = [
  'cluster-create',
  'cluster-update',
  'cluster-upgrade',
  'cluster-delete',
  'nodegroup-create',
  'nodegroup-update',
  'nodegroup-delete',
] as const
export const OperationKind = z.enum(OPERATION_KINDS)
export type OperationKind = z.infer<typeof OperationKind>

/**
 * The operation a cluster is going through: written with the *_IN_PROGRESS status in the same
 * conditional write, so a reconciler can always tell which workflow should be running, and
 * until when (the deadline enforces create_timeout independently of Heat).
 */
export const OperationSchema = z.object({
  id: z.string(),
  kind: OperationKind,
  /** Step Functions execution name, derived from kind, cluster and operation id. */
  execution: z.string(),
  started_at: z.string(),
  deadline_at: z.string(),
  /** The nodegroup the operation is about, for nodegroup-* and resize. */
  nodegroup_uuid: z.nullable(z.string()),
  /** Operation parameters the workflow needs (node counts, target template …). */
  params: z.record(z.string(), z.unknown()),
  /** How many times the reconciler restarted the workflow after it stopped. */
  resumes: z.optional(z.int().check(z.gte(0))),
  /** When the current execution was started (the first, or the latest resume). */
  execution_started_at: z.optional(z.string()),
})
export type Operation = z.infer<typeof OperationSchema>

/** The per-cluster cloud credential: a Keystone application credential, secret sealed at rest. */
export const ClusterCredentialSchema = z.object({
  kind: z.literal('application_credential'),
  id: z.string(),
  name: z.string(),
  user_id: z.string(),
  /** SecretBox-sealed secret; never leaves the store unsealed except inside a workflow task. */
  sealed_secret: z.string(),
  /**
   * A Keystone trust from the user to Berth's service account, for Heat on clouds whose
   * Keystone refuses trusts to application-credential tokens (BERTH_HEAT_TRUST).
   */
  trust_id: z.nullish(z.string()),
  created_at: z.string(),
})
export type ClusterCredential = z.infer<typeof ClusterCredentialSchema>

export const ClusterSchema = z.object({
  uuid: z.uuid(),
  name: z.string(),
  project_id: z.string(),
  user_id: z.string(),
  cluster_template_id: z.string(),
  /** The template's project, needed to release the template reference on delete. */
  cluster_template_project_id: z.string(),
  keypair: z.nullable(z.string()),
  docker_volume_size: z.nullable(z.int()),
  labels: z.record(z.string(), z.string()),
  master_flavor_id: z.nullable(z.string()),
  flavor_id: z.nullable(z.string()),
  create_timeout: z.int(),
  discovery_url: z.nullable(z.string()),
  fixed_network: z.nullable(z.string()),
  fixed_subnet: z.nullable(z.string()),
  floating_ip_enabled: z.boolean(),
  master_lb_enabled: z.boolean(),
  status: Status,
  status_reason: z.nullable(z.string()),
  health_status: z.nullable(Health),
  health_status_reason: z.nullable(z.record(z.string(), z.string())),
  /** Heat stack id (rendered as stack_id < µ1.13, cluster_id from µ1.13). */
  stack_id: z.nullable(z.string()),
  api_address: z.nullable(z.string()),
  master_addresses: z.array(z.string()),
  node_addresses: z.array(z.string()),
  coe_version: z.nullable(z.string()),
  container_version: z.nullable(z.string()),
  /** nodegroup name → reason, for *_FAILED clusters. */
  faults: z.record(z.string(), z.string()),
  credential: z.nullable(ClusterCredentialSchema),
  /** CAs and client certificate, made by the create workflow; absent until then. */
  certificates: z.nullish(ClusterCertificatesSchema),
  /**
   * The credential a rotation replaced, kept until the nodes have the new one (the rotation's
   * stack update completed), then revoked; the delete workflow revokes it too.
   */
  previous_credential: z.nullish(ClusterCredentialSchema),
  operation: z.nullable(OperationSchema),
  created_at: z.string(),
  updated_at: z.nullable(z.string()),
})
export type Cluster = z.infer<typeof ClusterSchema>

export const NodeTaintSchema = z.object({
  key: z.string().check(z.minLength(1)),
  value: z.optional(z.string()),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
})
export type NodeTaint = z.infer<typeof NodeTaintSchema>

export const NodeGroupSchema = z.object({
  uuid: z.uuid(),
  name: z.string(),
  cluster_id: z.string(),
  project_id: z.string(),
  role: z.string(),
  node_count: z.int().check(z.gte(0)),
  min_node_count: z.int().check(z.gte(0)),
  max_node_count: z.nullable(z.int().check(z.gte(0))),
  flavor_id: z.nullable(z.string()),
  image_id: z.string(),
  docker_volume_size: z.nullable(z.int()),
  labels: z.record(z.string(), z.string()),
  node_labels: z.nullable(z.record(z.string(), z.string())),
  node_taints: z.nullable(z.array(NodeTaintSchema)),
  is_default: z.boolean(),
  /** Default nodegroups share the cluster's stack; others have their own. */
  stack_id: z.nullable(z.string()),
  status: Status,
  status_reason: z.nullable(z.string()),
  /** COE version the nodes run (kube_tag …). */
  version: z.nullable(z.string()),
  node_addresses: z.array(z.string()),
  /**
   * vCPUs of one node (its flavor's), looked up when the nodegroup is made, so the project's
   * vCPU usage follows resizes without asking Nova again. Absent ⇒ not counted.
   */
  vcpus_per_node: z.optional(z.int().check(z.gte(0))),
  created_at: z.string(),
  updated_at: z.nullable(z.string()),
})
export type NodeGroup = z.infer<typeof NodeGroupSchema>

/** A stored record carries its optimistic-concurrency version. */
export type Versioned<T> = T & { version: number }
export type StoredCluster = Versioned<Cluster>
/**
 * A nodegroup's own `version` is Magnum's COE version (a string), so `Versioned<NodeGroup>`
 * would make it `never`: its optimistic-concurrency counter is `record_version` instead.
 */
export type StoredNodeGroup = NodeGroup & { record_version: number }

/** A cluster with its nodegroups: what one Query of the cluster's item collection returns. */
export interface ClusterAggregate {
  cluster: StoredCluster
  nodegroups: StoredNodeGroup[]
}

export const DEFAULT_MASTER_NODEGROUP = 'default-master'
export const DEFAULT_WORKER_NODEGROUP = 'default-worker'

export const defaultMaster = (a: ClusterAggregate): StoredNodeGroup | undefined =>
  a.nodegroups.find((n) => n.is_default && n.role === 'master')
export const defaultWorker = (a: ClusterAggregate): StoredNodeGroup | undefined =>
  a.nodegroups.find((n) => n.is_default && n.role !== 'master')

/** Magnum derives node_count and master_count from the default nodegroups. */
export const nodeCount = (a: ClusterAggregate): number => defaultWorker(a)?.node_count ?? 0
export const masterCount = (a: ClusterAggregate): number => defaultMaster(a)?.node_count ?? 0
