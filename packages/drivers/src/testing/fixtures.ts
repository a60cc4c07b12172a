import type { ClusterTemplate } from '@berth/core/cluster-templates/model'
import type { Cluster, NodeGroup } from '@berth/core/clusters/model'
import type { RenderContext } from '@berth/core/ports/drivers'

/** Test fixtures: a cluster, its template and nodegroups, as the workflow would pass them. */

const CLUSTER_UUID = '5f8e4c9a-3b2d-4e1f-9a6b-7c8d9e0f1a2b'

export const templateFixture = (over: Partial<ClusterTemplate> = {}): ClusterTemplate => ({
  uuid: '0b7c5d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
  name: 'k8s-template',
  project_id: 'p1',
  user_id: 'u1',
  coe: 'kubernetes',
  image_id: 'fedora-coreos-40',
  cluster_distro: 'fedora-coreos',
  server_type: 'vm',
  flavor_id: 'm1.medium',
  master_flavor_id: 'm1.large',
  keypair_id: 'demo-key',
  external_network_id: 'public',
  fixed_network: null,
  fixed_subnet: null,
  dns_nameserver: '8.8.8.8',
  network_driver: 'flannel',
  volume_driver: null,
  docker_storage_driver: null,
  docker_volume_size: null,
  apiserver_port: null,
  http_proxy: null,
  https_proxy: null,
  no_proxy: null,
  registry_enabled: false,
  insecure_registry: null,
  tls_disabled: false,
  labels: {},
  public: false,
  hidden: false,
  master_lb_enabled: false,
  floating_ip_enabled: true,
  tags: null,
  driver: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: null,
  ...over,
})

export const clusterFixture = (over: Partial<Cluster> = {}): Cluster => ({
  uuid: CLUSTER_UUID,
  name: 'My_Cluster.prod',
  project_id: 'p1',
  user_id: 'u1',
  cluster_template_id: '0b7c5d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
  cluster_template_project_id: 'p1',
  keypair: 'demo-key',
  docker_volume_size: null,
  labels: {},
  master_flavor_id: 'm1.large',
  flavor_id: 'm1.medium',
  create_timeout: 60,
  discovery_url: null,
  fixed_network: null,
  fixed_subnet: null,
  floating_ip_enabled: true,
  master_lb_enabled: false,
  status: 'CREATE_IN_PROGRESS',
  status_reason: null,
  health_status: null,
  health_status_reason: null,
  stack_id: null,
  api_address: null,
  master_addresses: [],
  node_addresses: [],
  coe_version: null,
  container_version: null,
  faults: {},
  credential: null,
  operation: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: null,
  ...over,
})

export const nodeGroupFixture = (over: Partial<NodeGroup> = {}): NodeGroup => ({
  uuid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  name: 'default-worker',
  cluster_id: CLUSTER_UUID,
  project_id: 'p1',
  role: 'worker',
  node_count: 1,
  min_node_count: 0,
  max_node_count: null,
  flavor_id: 'm1.medium',
  image_id: 'fedora-coreos-40',
  docker_volume_size: null,
  labels: {},
  node_labels: null,
  node_taints: null,
  is_default: true,
  stack_id: null,
  status: 'CREATE_IN_PROGRESS',
  status_reason: null,
  version: null,
  node_addresses: [],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: null,
  ...over,
})

export interface ContextOptions {
  masters?: number
  workers?: number
  cluster?: Partial<Cluster>
  template?: Partial<ClusterTemplate>
  extraNodeGroups?: NodeGroup[]
}

/** A render context: default master and worker nodegroups, app credential, Berth's URL. */
export const contextFixture = (o: ContextOptions = {}): RenderContext => {
  const template = templateFixture(o.template)
  const cluster = clusterFixture({
    labels: { ...template.labels },
    master_lb_enabled: template.master_lb_enabled,
    floating_ip_enabled: template.floating_ip_enabled,
    ...o.cluster,
  })
  const image = template.image_id
  return {
    cluster,
    template,
    nodegroups: [
      nodeGroupFixture({
        uuid: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        name: 'default-master',
        role: 'master',
        node_count: o.masters ?? 1,
        flavor_id: cluster.master_flavor_id,
        image_id: image,
      }),
      nodeGroupFixture({ node_count: o.workers ?? 1, image_id: image }),
      ...(o.extraNodeGroups ?? []),
    ],
    cloud: { authUrl: 'https://keystone.example.com:5000', region: 'RegionOne' },
    credentials: {
      applicationCredentialId: '8f1e2d3c4b5a69788796a5b4c3d2e1f0',
      applicationCredentialSecret: 'Zm9vYmFyLWJhei1xdXV4_secret-Value_0123456789abcdefghij',
    },
    apiUrl: 'https://berth.example.com',
  }
}
