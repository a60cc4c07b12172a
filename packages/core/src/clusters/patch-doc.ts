import type { PatchRules } from '../json-patch'
import type { ClusterFlavour } from './deps'
import { type ClusterAggregate, masterCount, nodeCount } from './model'

const BASE_INTERNAL = [
  '/created_at',
  '/id',
  '/links',
  '/updated_at',
  '/uuid',
  '/project_id',
  '/user_id',
]

/** magnum/api/controllers/v1/cluster.py ClusterPatchType (and bay.py BayPatchType). */
export const clusterPatchRules = (flavour: ClusterFlavour): PatchRules => ({
  internal: [
    ...BASE_INTERNAL,
    '/api_address',
    '/node_addresses',
    '/master_addresses',
    '/stack_id',
    '/cluster_id',
    '/ca_cert_ref',
    '/magnum_cert_ref',
    '/trust_id',
    '/trustee_user_name',
    '/trustee_password',
    '/trustee_user_id',
    '/etcd_ca_cert_ref',
    '/front_proxy_ca_cert_ref',
  ],
  mandatory: [flavour.rules === 'bay' ? '/baymodel_id' : '/cluster_template_id'],
  literalPaths: ['/labels', '/health_status_reason'],
  defaultFor: (attr) => (attr === 'labels' ? {} : null),
})

/** Bay attribute → the cluster attribute it stands for. */
const BAY_NAMES: Record<string, string> = {
  baymodel_id: 'cluster_template_id',
  bay_create_timeout: 'create_timeout',
}
export const clusterAttribute = (flavour: ClusterFlavour, attr: string): string =>
  flavour.rules === 'bay' ? (BAY_NAMES[attr] ?? attr) : attr

/**
 * The document a PATCH applies to: the attributes a client sees, as Magnum patches its API
 * object (node_count and master_count included), never the store's own fields.
 */
export const patchDocument = (
  a: ClusterAggregate,
  flavour: ClusterFlavour
): Record<string, unknown> => {
  const c = a.cluster
  const shared = {
    uuid: c.uuid,
    name: c.name,
    node_count: nodeCount(a),
    master_count: masterCount(a),
    docker_volume_size: c.docker_volume_size,
    labels: c.labels,
    master_flavor_id: c.master_flavor_id,
    flavor_id: c.flavor_id,
    stack_id: c.stack_id,
    status: c.status,
    status_reason: c.status_reason,
    discovery_url: c.discovery_url,
    api_address: c.api_address,
    coe_version: c.coe_version,
    container_version: c.container_version,
    node_addresses: c.node_addresses,
    master_addresses: c.master_addresses,
    fixed_network: c.fixed_network,
    fixed_subnet: c.fixed_subnet,
    floating_ip_enabled: c.floating_ip_enabled,
    master_lb_enabled: c.master_lb_enabled,
    created_at: c.created_at,
    updated_at: c.updated_at,
  }
  if (flavour.rules === 'bay') {
    return {
      ...shared,
      baymodel_id: c.cluster_template_id,
      bay_create_timeout: c.create_timeout,
    }
  }
  return {
    ...shared,
    cluster_template_id: c.cluster_template_id,
    keypair: c.keypair,
    create_timeout: c.create_timeout,
    health_status: c.health_status,
    health_status_reason: c.health_status_reason,
    project_id: c.project_id,
    user_id: c.user_id,
  }
}
