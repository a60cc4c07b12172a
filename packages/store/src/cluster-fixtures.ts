import { randomUUID } from 'node:crypto'
import type { StoredClusterTemplate } from '@berth/core/cluster-templates/model'
import type { TenantScope } from '@berth/core/cluster-templates/repository'
import type { ClusterAggregate, StoredCluster, StoredNodeGroup } from '@berth/core/clusters/model'
import type { QuotaCheck } from '@berth/core/clusters/repository'

/**
 * Test support (not exported from the barrel): records for the cluster repository tests.
 * Created-at times tick per record, so creation order is the order of the calls.
 */
let clock = 0
const tick = () => new Date(Date.UTC(2025, 0, 1, 0, 0, 0, clock++)).toISOString()

export const own = (projectId: string): TenantScope => ({ projectId, allProjects: false })
export const admin = (projectId: string): TenantScope => ({ projectId, allProjects: true })
export const newProject = () => `project-${randomUUID()}`

export const templateFor = (projectId: string): StoredClusterTemplate => ({
  uuid: randomUUID(),
  name: 'k8s',
  project_id: projectId,
  user_id: 'user-1',
  coe: 'kubernetes',
  image_id: 'fedora-coreos',
  cluster_distro: 'fedora-coreos',
  server_type: 'vm',
  flavor_id: 'm1.small',
  master_flavor_id: null,
  keypair_id: 'default',
  external_network_id: 'public',
  fixed_network: null,
  fixed_subnet: null,
  dns_nameserver: '8.8.8.8',
  network_driver: 'flannel',
  volume_driver: null,
  docker_storage_driver: null,
  docker_volume_size: 10,
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
  master_lb_enabled: true,
  floating_ip_enabled: true,
  tags: null,
  driver: null,
  created_at: tick(),
  updated_at: null,
  version: 1,
})

export const clusterOf = (
  template: StoredClusterTemplate,
  projectId: string,
  overrides: Partial<StoredCluster> = {}
): StoredCluster => ({
  uuid: randomUUID(),
  name: 'k8s-1',
  project_id: projectId,
  user_id: 'user-1',
  cluster_template_id: template.uuid,
  cluster_template_project_id: template.project_id,
  keypair: 'default',
  docker_volume_size: null,
  labels: { kube_tag: 'v1.30.1', 'a#b': '%23' },
  master_flavor_id: 'm1.small',
  flavor_id: 'm1.small',
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
  credential: {
    kind: 'application_credential',
    id: 'ac-1',
    name: 'berth-cluster',
    user_id: 'user-1',
    sealed_secret: 'v1:sealed:AAAA',
    created_at: tick(),
  },
  operation: {
    id: randomUUID(),
    kind: 'cluster-create',
    execution: 'cluster-create-x',
    started_at: tick(),
    deadline_at: tick(),
    nodegroup_uuid: null,
    params: { master_count: 1, nested: { node_count: 2, names: ['a'] } },
  },
  created_at: tick(),
  updated_at: null,
  version: 1,
  ...overrides,
})

export const nodeGroupOf = (
  cluster: StoredCluster,
  overrides: Partial<StoredNodeGroup> = {}
): StoredNodeGroup => ({
  uuid: randomUUID(),
  name: 'extra',
  cluster_id: cluster.uuid,
  project_id: cluster.project_id,
  role: 'worker',
  node_count: 1,
  min_node_count: 0,
  max_node_count: null,
  flavor_id: 'm1.small',
  image_id: 'fedora-coreos',
  docker_volume_size: null,
  labels: {},
  node_labels: null,
  node_taints: [{ key: 'dedicated', effect: 'NoSchedule' }],
  is_default: false,
  stack_id: null,
  status: 'CREATE_IN_PROGRESS',
  status_reason: null,
  version: 'v1.30.1',
  node_addresses: [],
  created_at: tick(),
  updated_at: null,
  record_version: 0,
  ...overrides,
})

/** A cluster with its two default nodegroups: one master, `workers` workers. */
export const aggregateOf = (
  template: StoredClusterTemplate,
  projectId: string,
  overrides: Partial<StoredCluster> = {},
  workers = 2
): ClusterAggregate => {
  const cluster = clusterOf(template, projectId, overrides)
  return {
    cluster,
    nodegroups: [
      nodeGroupOf(cluster, { name: 'default-master', role: 'master', is_default: true }),
      nodeGroupOf(cluster, { name: 'default-worker', node_count: workers, is_default: true }),
    ],
  }
}

export const quotaFor = (a: ClusterAggregate, maxClusters = 20, maxNodes?: number): QuotaCheck => ({
  maxClusters,
  maxNodes,
  nodes: a.nodegroups.reduce((n, g) => n + g.node_count, 0),
})

/** The aggregate as create stores it: version 1 on every record. */
export const asCreated = (a: ClusterAggregate): ClusterAggregate => ({
  cluster: { ...a.cluster, version: 1 },
  nodegroups: a.nodegroups.map((n) => ({ ...n, record_version: 1 })),
})
