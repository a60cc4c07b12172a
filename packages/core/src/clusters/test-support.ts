import { randomUUID } from 'node:crypto'
import type { StoredClusterTemplate } from '../cluster-templates/model'
import type { TenantScope } from '../cluster-templates/repository'
import {
  BerthError,
  ConcurrentUpdateError,
  ConflictError,
  NotFoundError,
  QuotaExceededError,
} from '../errors'
import { createPolicy } from '../policy'
import type { CloudResources } from '../ports/cloud'
import type { CredentialIssuer } from '../ports/cluster-cloud'
import type { WorkflowInput } from '../ports/orchestrator'
import type { Principal } from '../principal'
import { type CreateOptions, createCluster } from './create'
import { CLUSTER, type ClusterDeps, fixedQuota } from './deps'
import type { ClusterInput } from './input'
import type { ClusterAggregate, StoredCluster, StoredNodeGroup } from './model'
import type { ClusterRepository, QuotaCheck } from './repository'
import type { ClusterStatus } from './status'
import { updateCluster } from './update'

/** In-memory ports with the stores' semantics (scoping, versions, status conditions), for unit tests. */
export class MemoryClusters implements ClusterRepository {
  readonly clusters = new Map<string, StoredCluster>()
  readonly nodegroups = new Map<string, StoredNodeGroup>()

  private aggregate(c: StoredCluster): ClusterAggregate {
    const nodegroups = [...this.nodegroups.values()].filter((n) => n.cluster_id === c.uuid)
    return structuredClone({ cluster: c, nodegroups })
  }
  private reaches = (s: TenantScope, c: StoredCluster) =>
    s.allProjects || c.project_id === s.projectId

  async create(a: ClusterAggregate, _templateProjectId: string, quota: QuotaCheck) {
    if (this.clusters.has(a.cluster.uuid)) throw new ConflictError('exists')
    const usage = await this.usage(a.cluster.project_id)
    if (usage.clusters >= quota.maxClusters) throw new QuotaExceededError('quota')
    this.clusters.set(a.cluster.uuid, structuredClone(a.cluster))
    for (const n of a.nodegroups) this.nodegroups.set(n.uuid, structuredClone(n))
  }
  async get(s: TenantScope, uuid: string) {
    const c = this.clusters.get(uuid)
    return c && this.reaches(s, c) ? this.aggregate(c) : undefined
  }
  async list(s: TenantScope) {
    return [...this.clusters.values()]
      .filter((c) => this.reaches(s, c))
      .map((c) => this.aggregate(c))
  }
  async listByStatus(statuses: readonly ClusterStatus[]) {
    return [...this.clusters.values()]
      .filter((c) => statuses.includes(c.status))
      .map((c) => this.aggregate(c))
  }
  async save(
    cluster: StoredCluster,
    nodegroups: StoredNodeGroup[] = [],
    fromStatuses?: readonly ClusterStatus[]
  ) {
    const current = this.clusters.get(cluster.uuid)
    if (!current || current.version !== cluster.version) throw new ConcurrentUpdateError('Cluster')
    if (fromStatuses && !fromStatuses.includes(current.status)) {
      throw new ConcurrentUpdateError('Cluster')
    }
    for (const n of nodegroups) {
      const stored = this.nodegroups.get(n.uuid)
      if ((stored?.record_version ?? 0) !== n.record_version) {
        throw new ConcurrentUpdateError('NodeGroup')
      }
    }
    const saved = { ...structuredClone(cluster), version: cluster.version + 1 }
    this.clusters.set(cluster.uuid, saved)
    const written = nodegroups.map((n) => ({
      ...structuredClone(n),
      record_version: n.record_version + 1,
    }))
    for (const n of written) this.nodegroups.set(n.uuid, n)
    return structuredClone({ cluster: saved, nodegroups: written })
  }
  async deleteNodeGroup(n: StoredNodeGroup) {
    this.nodegroups.delete(n.uuid)
  }
  async delete(a: ClusterAggregate) {
    this.clusters.delete(a.cluster.uuid)
    for (const n of a.nodegroups) this.nodegroups.delete(n.uuid)
  }
  async usage(projectId: string) {
    const mine = [...this.clusters.values()].filter((c) => c.project_id === projectId)
    const nodes = [...this.nodegroups.values()]
      .filter((n) => n.project_id === projectId)
      .reduce((sum, n) => sum + n.node_count, 0)
    return { clusters: mine.length, nodes }
  }
}

export const PROJECTS = { demo: 'p-demo', alt: 'p-alt', admin: 'p-admin' } as const

export const principal = (who: keyof typeof PROJECTS): Principal => ({
  userId: `u-${who}`,
  projectId: PROJECTS[who],
  roles: who === 'admin' ? ['admin', 'member', 'reader'] : ['member', 'reader'],
  authMethod: 'keystone',
  token: `token-${who}`,
})

export const template = (over: Partial<StoredClusterTemplate> = {}): StoredClusterTemplate => ({
  uuid: randomUUID(),
  name: 'k8s',
  project_id: PROJECTS.demo,
  user_id: 'u-demo',
  coe: 'kubernetes',
  image_id: 'fedora-coreos',
  cluster_distro: 'fedora-coreos',
  server_type: 'vm',
  flavor_id: 'm1.small',
  master_flavor_id: 'm1.medium',
  keypair_id: 'demo-key',
  external_network_id: 'public',
  fixed_network: null,
  fixed_subnet: null,
  dns_nameserver: null,
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
  labels: { kube_tag: 'v1.28.9' },
  public: false,
  hidden: false,
  master_lb_enabled: false,
  floating_ip_enabled: true,
  tags: null,
  driver: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: null,
  version: 1,
  ...over,
})

const cloud: CloudResources = {
  findImage: async (ref) =>
    ['fedora-coreos', 'ubuntu'].includes(ref)
      ? { id: `img-${ref}`, name: ref, osDistro: ref, driver: undefined, visibility: 'public' }
      : undefined,
  findFlavor: async (ref) =>
    ['m1.small', 'm1.medium'].includes(ref)
      ? { id: ref, name: ref, vcpus: 1, ramMb: 1024, diskGb: 10 }
      : undefined,
  findKeypair: async (name) => (name === 'demo-key' ? { name, fingerprint: 'x' } : undefined),
  findNetwork: async (ref) =>
    ref === 'public' || ref === 'private'
      ? { id: ref, name: ref, external: ref === 'public', subnetIds: [] }
      : undefined,
  findSubnet: async () => undefined,
}

export interface Fakes {
  deps: ClusterDeps
  clusters: MemoryClusters
  templates: Map<string, StoredClusterTemplate>
  started: { name: string; input: WorkflowInput }[]
  issued: string[]
  revoked: string[]
  /** Make the next orchestrator start / credential issue fail. */
  failStart: { on: boolean }
  failIssue: { on: boolean }
}

/** Deps over in-memory ports, the real policy engine (secure RBAC) and the real driver list. */
export const fakes = (maxClusters = 20): Fakes => {
  const clusters = new MemoryClusters()
  const templates = new Map<string, StoredClusterTemplate>()
  const started: Fakes['started'] = []
  const issued: string[] = []
  const revoked: string[] = []
  const failStart = { on: false }
  const failIssue = { on: false }
  let tick = 0
  const credentials: CredentialIssuer = {
    issue: async (token, name) => {
      if (failIssue.on) throw new NotFoundError('keystone says no')
      const id = `cred-${issued.length + 1}`
      issued.push(id)
      return { id, name, userId: token.replace('token-', 'u-'), secret: `secret-${id}` }
    },
    revoke: async (_user, id) => {
      revoked.push(id)
    },
  }
  const deps: ClusterDeps = {
    clusters,
    templates: {
      listCandidates: async (s) =>
        [...templates.values()].filter(
          (t) => s.allProjects || t.project_id === s.projectId || t.public
        ),
      getByUuid: async (s, uuid) => {
        const t = templates.get(uuid)
        return t && (s.allProjects || t.project_id === s.projectId || t.public) ? t : undefined
      },
      create: async (t) => void templates.set(t.uuid, t),
      update: async (t) => t,
      delete: async (t) => void templates.delete(t.uuid),
      referenceCount: async () => 0,
    },
    cloud: { forPrincipal: async () => cloud },
    drivers: {
      find: (key) =>
        key.coe === 'kubernetes' && ['fedora-coreos', 'ubuntu'].includes(key.osDistro)
          ? { name: `k8s_${key.osDistro}`, provides: [key] }
          : key.coe === 'swarm-mode'
            ? { name: 'swarm', provides: [key] }
            : undefined,
      list: () => [],
    },
    policy: createPolicy({ defaults: 'secure-rbac' }),
    credentials,
    secrets: {
      seal: async (p, ctx) => `sealed:${ctx.cluster}:${p}`,
      open: async (s) => s.split(':').slice(2).join(':'),
    },
    orchestrator: {
      start: async (name, input) => {
        if (failStart.on) throw new Error('states are down')
        started.push({ name, input })
      },
      isRunning: async () => false,
    },
    quotas: fixedQuota(maxClusters),
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)),
    newUuid: randomUUID,
  }
  return { deps, clusters, templates, started, issued, revoked, failStart, failIssue }
}

/** Puts a cluster straight into a status, as a finished workflow would leave it. */
export const forceStatus = (
  f: Fakes,
  uuid: string,
  status: ClusterStatus,
  extra: Partial<StoredCluster> = {}
) => {
  const c = f.clusters.clusters.get(uuid)
  if (!c) throw new Error(`no cluster ${uuid}`)
  f.clusters.clusters.set(uuid, { ...c, status, operation: null, ...extra })
  for (const n of f.clusters.nodegroups.values()) {
    if (n.cluster_id === uuid) f.clusters.nodegroups.set(n.uuid, { ...n, status })
  }
}

/** createCluster's options at the latest microversion: zero workers allowed, unknown template 404. */
export const LATEST: CreateOptions = { allowZeroNodes: true, templateMissingIsInvalid: false }

/** Fresh fakes holding one template (`template(over)`). */
export const withTemplate = (over: Partial<StoredClusterTemplate> = {}, maxClusters = 20) => {
  const f = fakes(maxClusters)
  const t = template(over)
  f.templates.set(t.uuid, t)
  return { f, t }
}

/** A cluster made from `t` by the real create use-case, as POST /v1/clusters at LATEST would. */
export const createFrom = (
  deps: ClusterDeps,
  t: StoredClusterTemplate,
  input: Partial<ClusterInput> = {},
  who: Principal = principal('demo')
) => createCluster(deps, who, { ...input, cluster_template_id: t.uuid }, CLUSTER, LATEST)

/**
 * Demo's cluster `c1` (unless `name` says otherwise) forced to CREATE_COMPLETE with `extra`, in
 * fresh fakes whose started workflows are cleared: the usual start for an operation's test.
 */
export const completeCluster = async (
  o: {
    template?: Partial<StoredClusterTemplate>
    name?: string
    extra?: Partial<StoredCluster>
  } = {}
) => {
  const { f, t } = withTemplate(o.template)
  const a = await createFrom(f.deps, t, { name: o.name ?? 'c1' })
  forceStatus(f, a.cluster.uuid, 'CREATE_COMPLETE', o.extra)
  f.started.length = 0
  return { f, t, uuid: a.cluster.uuid }
}

/** Demo's PATCH of node_count at the latest microversion: how the tests start an update. */
export const patchNodeCount = (f: Fakes, ident: string, count: number, rollback = false) =>
  updateCluster(
    f.deps,
    principal('demo'),
    ident,
    [{ op: 'replace', path: '/node_count', value: count }],
    CLUSTER,
    { rollback, allowZeroNodes: true }
  )

/** The kind and message of the BerthError `p` must reject with (anything else fails the test). */
export const failure = async (p: Promise<unknown>): Promise<{ kind: string; message: string }> => {
  try {
    await p
  } catch (e) {
    if (e instanceof BerthError) return { kind: e.kind, message: e.message }
    throw e
  }
  throw new Error('expected a failure')
}
