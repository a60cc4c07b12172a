import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, identity } from '../support/berth'
import {
  type ClusterApiHarness,
  expectError,
  makeTemplate,
  startClusterApi,
} from './clusters-harness'

interface Quota {
  id: number
  project_id: string
  resource: string
  hard_limit: number
  created_at: string
  updated_at: string | null
}

let h: ClusterApiHarness
let template: string
let demo: string
let alt: string
let admin: string
/** Quotas a test created, removed after it so no other file runs under them. */
const made: string[] = []

const createQuota = async (project_id: string, resource: string, hard_limit: number) => {
  const r = await api('admin').post<Quota>('/v1/quotas', { project_id, resource, hard_limit })
  expect(r.status, r.text).toBe(201)
  made.push(`${project_id}/${resource}`)
  return r.body
}

/** What demo's project holds now (other files may have left clusters there). */
const usageOf = (projectId: string) => h.deps.clusters.clusters.usage(projectId)

beforeAll(async () => {
  h = await startClusterApi()
  template = await makeTemplate(h, 'demo', 'quota-k8s', { labels: { kube_tag: 'v1.28.9' } })
  demo = (await identity('demo')).projectId
  alt = (await identity('alt')).projectId
  admin = (await identity('admin')).projectId
})
afterEach(async () => {
  for (const q of made.splice(0)) await api('admin').delete(`/v1/quotas/${q}`)
  await h.cleanUp()
  template = await makeTemplate(h, 'demo', 'quota-k8s', { labels: { kube_tag: 'v1.28.9' } })
})
afterAll(async () => {
  await h?.stop()
})

describe('Quotas API', () => {
  it('lets an admin create, show, update (a Quota body, 202) and delete a quota', async () => {
    const q = await createQuota(demo, 'Cluster', 5)
    expect(q).toMatchObject({ project_id: demo, resource: 'Cluster', hard_limit: 5 })
    expect(Object.keys(q).sort()).toEqual(
      ['created_at', 'hard_limit', 'id', 'project_id', 'resource', 'updated_at'].sort()
    )
    expect(q.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    expect(q.updated_at).toBeNull()

    const shown = await api('demo').get<Quota>(`/v1/quotas/${demo}/Cluster`)
    expect(shown.status, shown.text).toBe(200)
    expect(shown.body).toEqual(q)

    // python-magnumclient sends the whole Quota object, project and resource included.
    const patched = await api('admin').patch<Quota>(`/v1/quotas/${demo}/Cluster`, {
      project_id: demo,
      resource: 'Cluster',
      hard_limit: 7,
    })
    expect(patched.status, patched.text).toBe(202)
    expect(patched.body).toMatchObject({ id: q.id, hard_limit: 7 })
    expect(patched.body.updated_at).not.toBeNull()

    const gone = await api('admin').delete(`/v1/quotas/${demo}/Cluster`)
    expect(gone.status, gone.text).toBe(204)
    made.length = 0
    expectError(
      await api('admin').delete(`/v1/quotas/${demo}/Cluster`),
      404,
      `Quota for project ${demo} and resource Cluster could not be found.`
    )
  })

  it('refuses duplicates (409), unknown projects (404) and invalid bodies (400)', async () => {
    await createQuota(alt, 'Node', 10)
    const dup = await api('admin').post('/v1/quotas', { project_id: alt, resource: 'Node' })
    expect(dup.status, dup.text).toBe(409)
    expectError(
      await api('admin').post('/v1/quotas', { project_id: 'no-such-project', hard_limit: 1 }),
      404,
      'Project no-such-project could not be found.'
    )
    const bad = [
      { project_id: alt, resource: 'Widget' },
      { project_id: alt, hard_limit: -1 },
      { project_id: alt, color: 'red' },
      { resource: 'Cluster' },
    ]
    for (const body of bad) {
      const r = await api('admin').post('/v1/quotas', body)
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(400)
    }
    expectError(
      await api('admin').patch(`/v1/quotas/${demo}/VCPU`, { hard_limit: 3 }),
      404,
      `Quota for project ${demo} and resource VCPU could not be found.`
    )
  })

  it('answers the default for a project without a quota: the configured limit, -1 for none', async () => {
    const cluster = await api('demo').get(`/v1/quotas/${demo}/Cluster`)
    expect(cluster.body).toEqual({
      project_id: demo,
      resource: 'Cluster',
      hard_limit: h.deps.config.BERTH_MAX_CLUSTERS_PER_PROJECT,
    })
    const nodes = await api('demo').get(`/v1/quotas/${demo}/Node`)
    expect(nodes.body).toEqual({ project_id: demo, resource: 'Node', hard_limit: -1 })
  })

  it('keeps writes and lists to admins and each project’s quota to itself', async () => {
    await createQuota(alt, 'Cluster', 4)
    expectError(await api('demo').get(`/v1/quotas/${alt}/Cluster`), 403, 'Not authorized.')
    expectError(
      await api('demo').get('/v1/quotas'),
      403,
      "Policy doesn't allow quota:get_all to be performed."
    )
    expectError(
      await api('demo').post('/v1/quotas', { project_id: demo, hard_limit: 100 }),
      403,
      "Policy doesn't allow quota:create to be performed."
    )
    expectError(
      await api('alt').patch(`/v1/quotas/${alt}/Cluster`, { hard_limit: 100 }),
      403,
      "Policy doesn't allow quota:update to be performed."
    )
    expectError(
      await api('alt').delete(`/v1/quotas/${alt}/Cluster`),
      403,
      "Policy doesn't allow quota:delete to be performed."
    )
    expect((await api('admin').get(`/v1/quotas/${alt}/Cluster`)).body).toMatchObject({
      hard_limit: 4,
    })
    expect((await api().get('/v1/quotas')).status).toBe(401)
  })

  it('lists only the admin’s own project unless all_tenants=true, paged by id', async () => {
    await createQuota(admin, 'Cluster', 50)
    await createQuota(demo, 'Cluster', 9)
    await createQuota(alt, 'Cluster', 8)
    const own = await api('admin').get<{ quotas: Quota[] }>('/v1/quotas')
    expect(own.body.quotas.map((q) => q.project_id)).toEqual([admin])
    const all = await api('admin').get<{ quotas: Quota[] }>('/v1/quotas?all_tenants=True')
    expect(all.body.quotas.map((q) => q.project_id)).toEqual(
      expect.arrayContaining([admin, demo, alt])
    )
    const first = await api('admin').get<{ quotas: Quota[]; next: string }>(
      '/v1/quotas?all_tenants=true&limit=1'
    )
    expect(first.body.quotas).toHaveLength(1)
    const next = new URL(first.body.next)
    expect(next.searchParams.get('marker')).toBe(String(first.body.quotas[0]?.id))
    const second = await api('admin').get<{ quotas: Quota[] }>(
      `/v1/quotas?all_tenants=true&limit=1&marker=${next.searchParams.get('marker')}`
    )
    expect(second.body.quotas[0]?.id).toBeGreaterThan(first.body.quotas[0]?.id ?? 0)
  })
})

const clusterBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  cluster_template_id: template,
  master_count: 1,
  node_count: 1,
  ...extra,
})

describe('Quota enforcement at cluster create', () => {
  it('admits exactly K of N concurrent creates against a quota of K, the rest 403', async () => {
    const K = 3
    const N = 10
    const limit = (await usageOf(demo)).clusters + K
    await createQuota(demo, 'Cluster', limit)
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api('demo').post<{ uuid: string }>('/v1/clusters', clusterBody(`q${i}`))
      )
    )
    for (const r of answers) if (r.status === 202) h.track.clusters.push(r.body.uuid)
    expect(answers.filter((r) => r.status === 202)).toHaveLength(K)
    const refused = answers.filter((r) => r.status !== 202)
    expect(refused).toHaveLength(N - K)
    for (const r of refused) {
      expectError(
        r,
        403,
        `Resource limit exceeded: You have reached the maximum clusters per project, ${limit}. You may delete a cluster to make room for a new one.`
      )
    }
    expect((await usageOf(demo)).clusters).toBe(limit)
  })

  it('enforces Berth’s node and vCPU quotas', async () => {
    const before = await usageOf(demo)
    // 1 master + 2 workers fits a limit of 3 more nodes; 1 + 3 does not.
    await createQuota(demo, 'Node', before.nodes + 3)
    expectError(
      await api('demo').post('/v1/clusters', clusterBody('too-many', { node_count: 3 })),
      403,
      `Resource limit exceeded: the project may run at most ${before.nodes + 3} nodes. Delete or shrink a cluster to make room.`
    )
    const fits = await api('demo').post<{ uuid: string }>(
      '/v1/clusters',
      clusterBody('fits', { node_count: 2 })
    )
    expect(fits.status, fits.text).toBe(202)
    h.track.clusters.push(fits.body.uuid)

    // m1.medium master (2 vCPUs) + m1.small worker (1 vCPU) = 3 vCPUs.
    const now = await usageOf(demo)
    expect(now.vcpus).toBe((before.vcpus ?? 0) + 2 + 2)
    await createQuota(demo, 'VCPU', (now.vcpus ?? 0) + 3)
    const small = await api('demo').post<{ uuid: string }>('/v1/clusters', clusterBody('small'))
    expect(small.status, small.text).toBe(403) // the node quota: 3 + 2 > 3
    await api('admin').patch(`/v1/quotas/${demo}/Node`, { hard_limit: 1000 })
    const ok = await api('demo').post<{ uuid: string }>('/v1/clusters', clusterBody('small'))
    expect(ok.status, ok.text).toBe(202)
    h.track.clusters.push(ok.body.uuid)
    expectError(
      await api('demo').post('/v1/clusters', clusterBody('one-more')),
      403,
      `Resource limit exceeded: the project may run at most ${(now.vcpus ?? 0) + 3} vCPUs. Delete or shrink a cluster to make room.`
    )
  })

  it('counts a new nodegroup’s vCPUs from its flavor', async () => {
    const uuid = (await api('demo').post<{ uuid: string }>('/v1/clusters', clusterBody('ng-vcpus')))
      .body.uuid
    h.track.clusters.push(uuid)
    await h.settle(uuid, 'CREATE_COMPLETE', { api_address: 'https://192.0.2.10:6443' })
    const before = await usageOf(demo)
    const ng = await api('demo').post(`/v1/clusters/${uuid}/nodegroups`, {
      name: 'big',
      flavor_id: 'm1.medium',
      node_count: 2,
    })
    expect(ng.status, ng.text).toBe(202)
    const after = await usageOf(demo)
    expect(after.nodes).toBe(before.nodes + 2)
    expect(after.vcpus).toBe((before.vcpus ?? 0) + 4)
  })
})
