import type { ClusterTemplate } from '../cluster-templates/model'
import type { Cluster, NodeGroup } from '../clusters/model'
import type { ClusterCloudCredentials } from './cluster-cloud'
import type { ClusterCas } from './pki'
import type { Parameters, StackSpec, StackState, StackUpdate } from './stacks'

/**
 * Port: which COE drivers exist. Magnum picks a driver by (server_type, os_distro, coe), or by
 * an explicit name (template `driver` field or Glance image property `magnum_driver`).
 */
export interface DriverKey {
  serverType: string
  osDistro: string
  coe: string
}

export interface DriverDescriptor {
  name: string
  provides: readonly DriverKey[]
  /** Whether the driver rotates a cluster's CAs (ClusterDriver.rotateCa); Magnum: Fedora CoreOS only. */
  caRotation?: boolean
}

export interface DriverCatalog {
  /** The driver for a tuple, or the named one if it provides the tuple; undefined if none. */
  find(key: DriverKey, name?: string): DriverDescriptor | undefined
  list(): readonly DriverDescriptor[]
}

/** What a driver renders from: the records, plus what the workflow knows of the cloud. */
export interface RenderContext {
  cluster: Cluster
  nodegroups: NodeGroup[]
  template: ClusterTemplate
  cloud: {
    authUrl: string
    region: string | undefined
  }
  /** The cluster's own credential, for the in-cluster cloud provider and CSI. */
  credentials: ClusterCloudCredentials
  /** Berth's API URL (Magnum's `magnum_url`), for nodes that call back (certificates). */
  apiUrl: string
  /**
   * Outputs of the cluster's stack as last read, for a nodegroup's stack to join the cluster
   * (network, shared security group, the API's private address). Optional: without them a
   * driver falls back on the cluster record and the cluster stack's resource names.
   */
  clusterStackOutputs?: Record<string, unknown>
  /**
   * The cluster's CAs with their private keys, for a driver whose nodes sign their own
   * certificates (kubeadm): present only when the driver asks for them (`caKeys`) and the
   * cluster has them. Unsealed in the step's memory; a driver passes them as hidden parameters.
   */
  cas?: ClusterCas
  /**
   * The cluster's join secret (certificates.sealed_join_secret), unsealed alongside `cas`:
   * stable for the cluster's life, so nodegroups added later derive the same join token.
   * Absent on clusters made before it existed.
   */
  joinSecret?: string
}

/** Cluster fields a finished stack determines. */
export interface StackOutputs {
  api_address: string | null
  master_addresses: string[]
  /** nodegroup name → its node addresses. */
  node_addresses: Record<string, string[]>
  coe_version: string | null
  container_version: string | null
}

/**
 * A COE driver: renders Heat stacks for a cluster and its nodegroups, and reads results back.
 * Pure functions of their inputs; the workflow does all I/O.
 */
export interface ClusterDriver extends DriverDescriptor {
  /** The cluster's stack: network, security groups, masters, the default workers. */
  clusterStack(ctx: RenderContext): StackSpec
  /** The own stack of a non-default nodegroup. */
  nodeGroupStack(ctx: RenderContext, nodegroup: NodeGroup): StackSpec
  /** Scale `nodegroup` to `count`, removing these nodes (server ids or resource names) first. */
  resize(
    ctx: RenderContext,
    nodegroup: NodeGroup,
    count: number,
    nodesToRemove: string[]
  ): StackUpdate
  /** Move to `target`'s versions, `maxBatchSize` nodes at a time. */
  upgrade(
    ctx: RenderContext,
    target: ClusterTemplate,
    nodegroup: NodeGroup,
    maxBatchSize: number
  ): StackUpdate
  /** What a *_COMPLETE stack says about the cluster. */
  readOutputs(ctx: RenderContext, stack: StackState): StackOutputs
  /**
   * Hands the nodes of a stack (the cluster's or a nodegroup's) the CAs just regenerated, in
   * place; `rotationId` changes with every rotation. Absent: the driver cannot rotate.
   */
  rotateCa?(ctx: RenderContext, rotationId: string): StackUpdate
  /** The driver renders the CAs' keys into its stacks: steps unseal them into `cas`. */
  caKeys?: boolean
}

export type { Parameters }
