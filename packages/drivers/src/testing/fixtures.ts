import type { ClusterTemplate } from '@berth/core/cluster-templates/model'
import { CLUSTER } from '@berth/core/clusters/deps'
import { defaultNodeGroups, draftCluster } from '@berth/core/clusters/draft'
import type { Cluster, NodeGroup } from '@berth/core/clusters/model'
import { template } from '@berth/core/clusters/test-support'
import type { RenderContext } from '@berth/core/ports/drivers'
import type { Principal } from '@berth/core/principal'

/**
 * Test fixtures: a cluster, its template and nodegroups, as the workflow would pass them. The
 * template is core's test template with fixed ids; the cluster and its default worker are what
 * the create use-case drafts from it.
 */

const CLUSTER_UUID = '5f8e4c9a-3b2d-4e1f-9a6b-7c8d9e0f1a2b'
const WORKER_UUID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const OWNER: Principal = {
  userId: 'u1',
  projectId: 'p1',
  roles: ['member'],
  authMethod: 'keystone',
  token: 't1',
}

const stored = (over: Partial<ClusterTemplate> = {}) =>
  template({
    uuid: '0b7c5d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
    name: 'k8s-template',
    project_id: 'p1',
    user_id: 'u1',
    image_id: 'fedora-coreos-40',
    flavor_id: 'm1.medium',
    master_flavor_id: 'm1.large',
    dns_nameserver: '8.8.8.8',
    labels: {},
    ...over,
  })

/** The cluster `My_Cluster.prod` as POST /v1/clusters drafts it from the default template. */
const draft = () => {
  const t = stored()
  const input = { cluster_template_id: t.uuid, name: 'My_Cluster.prod' }
  const d = draftCluster(input, t, OWNER, CLUSTER, CLUSTER_UUID, new Date('2026-01-01T00:00:00Z'))
  return { d, t }
}

export const templateFixture = (over: Partial<ClusterTemplate> = {}): ClusterTemplate => {
  const { version: _, ...t } = stored(over)
  return t
}

export const clusterFixture = (over: Partial<Cluster> = {}): Cluster => ({
  ...draft().d.cluster,
  credential: null,
  operation: null,
  ...over,
})

/** The default worker nodegroup drafted with the cluster. */
export const nodeGroupFixture = (over: Partial<NodeGroup> = {}): NodeGroup => {
  const { d, t } = draft()
  const worker = defaultNodeGroups(d, t, () => WORKER_UUID).find((n) => n.role === 'worker')
  if (!worker) throw new Error('no default worker')
  return { ...worker, ...over }
}

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

/** A render context for a driver on a distro, under the template `o` asks for. */
export const contextFor = (
  d: { distro: string; coe: string; networkDriver: string },
  o: ContextOptions = {}
): RenderContext =>
  contextFixture({
    ...o,
    template: {
      cluster_distro: d.distro,
      coe: d.coe as 'kubernetes',
      network_driver: d.networkDriver,
      ...o.template,
    },
  })
