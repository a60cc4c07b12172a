import {
  type Cluster,
  type ClusterAggregate,
  type ClusterView,
  isFailed,
  labelsDiff,
  masterCount,
  nodeCount,
} from '@berth/core/clusters'
import { type ApiVersion, atLeast } from '../middleware/api-version'
import { resourceLinks } from './links'
import { magnumTime } from './time'

/** Magnum's faults: stored ones, else the reasons of the nodegroups that failed. */
export const faultsOf = (a: ClusterAggregate): Record<string, string> => {
  if (Object.keys(a.cluster.faults).length > 0) return a.cluster.faults
  return Object.fromEntries(
    a.nodegroups
      .filter((n) => n.status.endsWith('_FAILED'))
      .map((n) => [n.name, n.status_reason ?? ''])
  )
}

/** µ1.13 renamed the Heat stack id to cluster_id (same value). */
const stackField = (v: ApiVersion, stackId: string | null) =>
  atLeast(v, 1, 13) ? { cluster_id: stackId } : { stack_id: stackId }

/** What the cluster's deployment reported: where its API is, what it runs. */
const deployed = (c: Cluster) => ({
  discovery_url: c.discovery_url,
  api_address: c.api_address,
  coe_version: c.coe_version,
  container_version: c.container_version,
})

/** Its network options and timestamps, the tail of the full cluster and bay views alike. */
const networkAndTimes = (c: Cluster) => ({
  fixed_network: c.fixed_network,
  fixed_subnet: c.fixed_subnet,
  floating_ip_enabled: c.floating_ip_enabled,
  master_lb_enabled: c.master_lb_enabled,
  created_at: magnumTime(c.created_at),
  updated_at: magnumTime(c.updated_at),
})

/** Every field Magnum's Cluster API type shows; credential, operation and versions stay inside. */
const full = (view: ClusterView, v: ApiVersion) => {
  const a = view.aggregate
  const c = a.cluster
  return {
    uuid: c.uuid,
    name: c.name,
    cluster_template_id: c.cluster_template_id,
    keypair: c.keypair,
    node_count: nodeCount(a),
    master_count: masterCount(a),
    docker_volume_size: c.docker_volume_size,
    labels: c.labels,
    // A create-time option Magnum never stores; its API type renders the default all the same.
    merge_labels: false,
    ...labelsDiff(view.templateLabels, c.labels),
    master_flavor_id: c.master_flavor_id,
    flavor_id: c.flavor_id,
    create_timeout: c.create_timeout,
    ...stackField(v, c.stack_id),
    status: c.status,
    status_reason: c.status_reason,
    health_status: c.health_status,
    health_status_reason: c.health_status_reason,
    ...deployed(c),
    project_id: c.project_id,
    user_id: c.user_id,
    node_addresses: c.node_addresses,
    master_addresses: c.master_addresses,
    ...(isFailed(c.status) ? { faults: faultsOf(a) } : {}),
    ...networkAndTimes(c),
  }
}

/** GET /v1/clusters/{id} and /detail entries. */
export const renderCluster = (
  view: ClusterView,
  baseUrl: string,
  v: ApiVersion
): Record<string, unknown> => ({
  ...full(view, v),
  links: resourceLinks(baseUrl, 'clusters', view.aggregate.cluster.uuid),
})

/** GET /v1/clusters entries: Magnum's summary projection. */
export const renderClusterSummary = (
  a: ClusterAggregate,
  baseUrl: string,
  v: ApiVersion
): Record<string, unknown> => {
  const c = a.cluster
  return {
    uuid: c.uuid,
    name: c.name,
    cluster_template_id: c.cluster_template_id,
    keypair: c.keypair,
    docker_volume_size: c.docker_volume_size,
    labels: c.labels,
    merge_labels: false,
    node_count: nodeCount(a),
    status: c.status,
    master_flavor_id: c.master_flavor_id,
    flavor_id: c.flavor_id,
    create_timeout: c.create_timeout,
    master_count: masterCount(a),
    ...stackField(v, c.stack_id),
    health_status: c.health_status,
    links: resourceLinks(baseUrl, 'clusters', c.uuid),
  }
}

/** A bay: Magnum Zed's names (baymodel_id, bay_create_timeout, bay_faults), no keypair or health. */
export const renderBay = (a: ClusterAggregate, baseUrl: string): Record<string, unknown> => {
  const c = a.cluster
  return {
    uuid: c.uuid,
    name: c.name,
    baymodel_id: c.cluster_template_id,
    node_count: nodeCount(a),
    master_count: masterCount(a),
    docker_volume_size: c.docker_volume_size,
    labels: c.labels,
    master_flavor_id: c.master_flavor_id,
    flavor_id: c.flavor_id,
    bay_create_timeout: c.create_timeout,
    stack_id: c.stack_id,
    status: c.status,
    status_reason: c.status_reason,
    ...deployed(c),
    node_addresses: c.node_addresses,
    master_addresses: c.master_addresses,
    ...(isFailed(c.status) ? { bay_faults: faultsOf(a) } : {}),
    ...networkAndTimes(c),
    links: resourceLinks(baseUrl, 'bays', c.uuid),
  }
}

export const renderBaySummary = (a: ClusterAggregate, baseUrl: string): Record<string, unknown> => {
  const c = a.cluster
  return {
    uuid: c.uuid,
    name: c.name,
    baymodel_id: c.cluster_template_id,
    docker_volume_size: c.docker_volume_size,
    labels: c.labels,
    master_flavor_id: c.master_flavor_id,
    flavor_id: c.flavor_id,
    node_count: nodeCount(a),
    status: c.status,
    bay_create_timeout: c.create_timeout,
    master_count: masterCount(a),
    stack_id: c.stack_id,
    links: resourceLinks(baseUrl, 'bays', c.uuid),
  }
}
