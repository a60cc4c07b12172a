import { publicUrl } from '@berth/shared/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type RunningBerth, startBerth, testEnv } from '../support/berth'
import {
  at,
  type ClusterApiHarness,
  expectError,
  makeCluster,
  makeTemplate,
  startClusterApi,
} from './clusters-harness'
import { k8sTemplate } from './lifecycle-support'

type Wire = Record<string, unknown> & { uuid: string; status: string }
interface ClusterList {
  clusters: Wire[]
  next?: string
}

const SUMMARY_KEYS = [
  'uuid',
  'name',
  'cluster_template_id',
  'keypair',
  'docker_volume_size',
  'labels',
  'merge_labels',
  'node_count',
  'status',
  'master_flavor_id',
  'flavor_id',
  'create_timeout',
  'master_count',
  'cluster_id',
  'health_status',
  'links',
].sort()

let h: ClusterApiHarness
let template: string
let other: string

describe('Clusters API (workflows recorded, not run)', () => {
  beforeAll(async () => {
    h = await startClusterApi()
    template = await makeTemplate(h, 'demo', 'cl-k8s', { labels: { kube_tag: 'v1.28.9', a: '1' } })
    other = await makeTemplate(h, 'demo', 'cl-k8s-next', { labels: { kube_tag: 'v1.29.4' } })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('POST answers 202 {uuid}; a GET right after finds it CREATE_IN_PROGRESS with Magnum’s fields', async () => {
    const uuid = await makeCluster(h, 'demo', {
      name: 'web',
      cluster_template_id: 'cl-k8s',
      node_count: 2,
      labels: { b: '2' },
      merge_labels: true,
    })
    const r = await api('demo').get<Wire>(`/v1/clusters/${uuid}`)
    expect(r.status, r.text).toBe(200)
    expect(r.body).toMatchObject({
      uuid,
      name: 'web',
      status: 'CREATE_IN_PROGRESS',
      cluster_template_id: template,
      keypair: 'demo-key',
      node_count: 2,
      master_count: 1,
      create_timeout: 60,
      labels: { kube_tag: 'v1.28.9', a: '1', b: '2' },
      labels_added: { b: '2' },
      labels_overridden: {},
      labels_skipped: {},
      cluster_id: null,
      health_status: null,
      links: [
        { href: `${publicUrl(testEnv().config)}/v1/clusters/${uuid}`, rel: 'self' },
        { href: `${publicUrl(testEnv().config)}/clusters/${uuid}`, rel: 'bookmark' },
      ],
    })
    expect(r.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    expect(r.body).not.toHaveProperty('faults')
    expect(r.body).not.toHaveProperty('credential')
    expect(r.body).not.toHaveProperty('operation')
    const old = await api('demo').get<Wire>(`/v1/clusters/${uuid}`, at('1.12'))
    expect(old.body).toHaveProperty('stack_id', null)
    expect(old.body).not.toHaveProperty('cluster_id')
  })

  it('records the operation, starts its workflow by name, and keeps a working credential sealed', async () => {
    const uuid = await makeCluster(h, 'demo', { cluster_template_id: template })
    const a = await h.stored(uuid)
    const op = a?.cluster.operation
    expect(op).toMatchObject({ kind: 'cluster-create', nodegroup_uuid: null, params: {} })
    expect(h.starts.find((s) => s.input.clusterUuid === uuid)).toEqual({
      name: op?.execution,
      input: {
        projectId: a?.cluster.project_id,
        clusterUuid: uuid,
        operationId: op?.id,
        kind: 'cluster-create',
        nodegroupUuid: null,
      },
    })
    const cred = a?.cluster.credential
    expect(cred?.name).toBe(`berth-cluster-${uuid}`)
    const secret = await h.deps.clusters.secrets.open(cred?.sealed_secret ?? '', { cluster: uuid })
    expect(cred?.sealed_secret).not.toContain(secret)
    const auth = await fetch(`${testEnv().authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { id: cred?.id, secret },
          },
        },
      }),
    })
    expect(auth.status).toBe(201)
    expect(a?.nodegroups.map((n) => [n.name, n.role, n.status]).sort()).toEqual([
      ['default-master', 'master', 'CREATE_IN_PROGRESS'],
      ['default-worker', 'worker', 'CREATE_IN_PROGRESS'],
    ])
  })

  it('lists summaries, details with label diffs, pages with next, and refuses bad paging', async () => {
    await makeCluster(h, 'demo', { name: 'page-a', cluster_template_id: template })
    await makeCluster(h, 'demo', { name: 'page-b', cluster_template_id: template })
    const list = await api('demo').get<ClusterList>('/v1/clusters')
    expect(list.status).toBe(200)
    for (const c of list.body.clusters) expect(Object.keys(c).sort()).toEqual(SUMMARY_KEYS)
    const detail = await api('demo').get<ClusterList>('/v1/clusters/detail')
    const web = detail.body.clusters.find((c) => c.name === 'web')
    expect(web).toMatchObject({ labels_added: { b: '2' }, project_id: expect.any(String) })

    const first = await api('demo').get<ClusterList>('/v1/clusters/?limit=1&sort_key=name')
    expect(first.body.clusters).toHaveLength(1)
    const next = new URL(first.body.next ?? '')
    expect(next.searchParams.get('marker')).toBe(first.body.clusters[0]?.uuid)
    const second = await api('demo').get<ClusterList>(`${next.pathname}${next.search}`)
    expect(second.body.clusters[0]?.uuid).not.toBe(first.body.clusters[0]?.uuid)

    expectError(
      await api('demo').get('/v1/clusters?sort_key=nope'),
      400,
      'The sort_key value "nope" is an invalid field for sorting'
    )
    expectError(await api('demo').get('/v1/clusters?limit=0'), 400, 'Limit must be positive')
    expect(
      (await api('demo').get('/v1/clusters?marker=8a2b4c1e-0000-4000-8000-000000000000')).status
    ).toBe(404)
    expectError(
      await api('demo').get('/v1/clusters?all_projects=1'),
      400,
      'Unknown argument: "all_projects"'
    )
  })

  it('validates create bodies in Magnum’s terms and order', async () => {
    const post = (body: Record<string, unknown>, v = 'latest') =>
      api('demo').post('/v1/clusters', body, at(v))
    expectError(
      await post({ cluster_template_id: template, name: '1bad' }),
      400,
      /^Invalid input for field\/attribute name\. Value: '1bad'\. Value should match the pattern/
    )
    expectError(
      await post({ cluster_template_id: template, foo: 1 }),
      400,
      'Unknown attribute for argument cluster: foo'
    )
    expectError(await post({ name: 'x' }), 400, 'Mandatory field missing: cluster_template_id.')
    expectError(await post({ cluster_template_id: template, node_count: -1 }), 400, /node_count/)
    expectError(
      await post({ cluster_template_id: template, node_count: 0 }, '1.9'),
      400,
      'Resizing a nodegroup to zero is not supported in the provided microversion.'
    )
    expectError(
      await post({ cluster_template_id: 'nope' }, '1.9'),
      400,
      'ClusterTemplate nope could not be found.'
    )
    expectError(
      await post({ cluster_template_id: 'nope' }, '1.10'),
      404,
      'ClusterTemplate nope could not be found.'
    )
    expectError(
      await post({ cluster_template_id: template, keypair: 'nope' }),
      404,
      'Unable to find keypair nope.'
    )
    expectError(
      await post({ cluster_template_id: template, flavor_id: 'm9.huge' }),
      400,
      'Unable to find flavor m9.huge.'
    )
    expectError(
      await post({ cluster_template_id: template, master_count: 3 }),
      400,
      'master_count must be 1 when master_lb_enabled is False'
    )
    const zero = await makeCluster(h, 'demo', { cluster_template_id: template, node_count: 0 })
    expect((await api('demo').get<Wire>(`/v1/clusters/${zero}`)).body.node_count).toBe(0)
  })

  it('names are not unique: a shared name is a 409 on look-up, the uuid still works', async () => {
    const one = await makeCluster(h, 'demo', { name: 'twin', cluster_template_id: template })
    await makeCluster(h, 'demo', { name: 'twin', cluster_template_id: template })
    expectError(
      await api('demo').get('/v1/clusters/twin'),
      409,
      'Multiple clusters exist with same name. Please use the cluster uuid instead.'
    )
    expect((await api('demo').get(`/v1/clusters/${one}`)).status).toBe(200)
  })

  it('keeps projects apart: alt can neither see nor touch demo’s cluster; admin sees all', async () => {
    const uuid = await makeCluster(h, 'demo', { name: 'private', cluster_template_id: template })
    const alt = api('alt')
    expect((await alt.get(`/v1/clusters/${uuid}`)).status).toBe(404)
    expect((await alt.get('/v1/clusters/private')).status).toBe(404)
    expect(
      (await alt.get<ClusterList>('/v1/clusters')).body.clusters.map((c) => c.uuid)
    ).not.toContain(uuid)
    expect(
      (await alt.patch(`/v1/clusters/${uuid}`, [{ op: 'replace', path: '/node_count', value: 2 }]))
        .status
    ).toBe(404)
    expect((await alt.post(`/v1/clusters/${uuid}/actions/resize`, { node_count: 2 })).status).toBe(
      404
    )
    expect(
      (await alt.post(`/v1/clusters/${uuid}/actions/upgrade`, { cluster_template: template }))
        .status
    ).toBe(404)
    expect((await alt.delete(`/v1/clusters/${uuid}`)).status).toBe(404)
    expect((await alt.post('/v1/clusters', { cluster_template_id: template })).status).toBe(404)
    expect((await h.stored(uuid))?.cluster.status).toBe('CREATE_IN_PROGRESS')

    expect((await api('admin').get(`/v1/clusters/${uuid}`)).status).toBe(200)
    const all = await api('admin').get<ClusterList>('/v1/clusters')
    expect(all.body.clusters.map((c) => c.uuid)).toContain(uuid)
  })

  it('PATCH: health is saved directly; node_count is gated, then starts cluster-update', async () => {
    const uuid = await makeCluster(h, 'demo', { name: 'patchy', cluster_template_id: template })
    const starts = h.starts.length
    const health = await api('demo').patch(`/v1/clusters/${uuid}`, [
      { op: 'replace', path: '/health_status', value: 'HEALTHY' },
      { op: 'replace', path: '/health_status_reason', value: { api: 'ok' } },
    ])
    expect(health.status, health.text).toBe(202)
    expect(health.body).toEqual({ uuid })
    expect((await api('demo').get<Wire>(`/v1/clusters/${uuid}`)).body).toMatchObject({
      status: 'CREATE_IN_PROGRESS',
      health_status: 'HEALTHY',
      health_status_reason: { api: 'ok' },
    })
    expect(h.starts.length).toBe(starts)

    const grow = [{ op: 'replace', path: '/node_count', value: 3 }]
    expectError(
      await api('demo').patch(`/v1/clusters/${uuid}`, grow),
      400,
      'Updating a cluster when status is "CREATE_IN_PROGRESS" is not supported.'
    )
    expectError(
      await api('demo').patch(`/v1/clusters/${uuid}`, [
        { op: 'replace', path: '/name', value: 'x' },
      ]),
      400,
      'cannot change cluster property(ies) name.'
    )
    expectError(
      await api('demo').patch(`/v1/clusters/${uuid}?rollback=True`, grow, at('1.2')),
      400,
      'Unknown argument: "rollback"'
    )
    await h.settle(uuid, 'CREATE_COMPLETE')
    const r = await api('demo').patch(`/v1/clusters/${uuid}?rollback=True`, grow)
    expect(r.status, r.text).toBe(202)
    const a = await h.stored(uuid)
    expect(a?.cluster.status).toBe('UPDATE_IN_PROGRESS')
    expect(a?.cluster.operation).toMatchObject({
      kind: 'cluster-update',
      params: { node_count: 3, rollback: true, previous_node_count: 1, nodes_to_remove: [] },
    })
    expect(h.starts.at(-1)?.input.kind).toBe('cluster-update')
    expect((await api('demo').get<Wire>(`/v1/clusters/${uuid}`)).body.node_count).toBe(3)
  })

  it('resize (µ1.7) and upgrade (µ1.8): version gates, checks and the operations they record', async () => {
    const uuid = await makeCluster(h, 'demo', { name: 'acts', cluster_template_id: template })
    const resize = (body: Record<string, unknown>, v = 'latest') =>
      api('demo').post(`/v1/clusters/${uuid}/actions/resize`, body, at(v))
    const upgrade = (body: Record<string, unknown>, v = 'latest') =>
      api('demo').post(`/v1/clusters/${uuid}/actions/upgrade`, body, at(v))
    expect((await resize({ node_count: 2 }, '1.6')).status).toBe(406)
    expectError(
      await upgrade({ cluster_template: other }, '1.7'),
      400,
      'Cluster upgrade is not supported in the provided microversion.'
    )
    expectError(
      await resize({ node_count: 2 }),
      400,
      'Resizing a cluster when status is "CREATE_IN_PROGRESS" is not supported.'
    )
    expectError(await resize({}), 400, 'Mandatory field missing: node_count.')
    expectError(
      await resize({ node_count: 2, nodegroup: 'default-master' }),
      400,
      'Resizing the master nodegroup is not supported by this driver.'
    )
    expectError(
      await resize({ node_count: 2, nodegroup: 'nope' }),
      404,
      'Nodegroup nope could not be found.'
    )

    await h.settle(uuid, 'UPDATE_FAILED')
    const r = await resize({ node_count: 4, nodes_to_remove: ['server-1'] })
    expect(r.status, r.text).toBe(202)
    expect((await h.stored(uuid))?.cluster.operation?.params).toMatchObject({
      node_count: 4,
      nodes_to_remove: ['server-1'],
    })

    expectError(
      await upgrade({ cluster_template: other }),
      400,
      'Upgrading a cluster when status is "UPDATE_IN_PROGRESS" is not supported.'
    )
    await h.settle(uuid, 'UPDATE_COMPLETE')
    expectError(
      await upgrade({ cluster_template: 'nope' }),
      404,
      'ClusterTemplate nope could not be found.'
    )
    const u = await upgrade({ cluster_template: 'cl-k8s-next', max_batch_size: 2 })
    expect(u.status, u.text).toBe(202)
    expect((await h.stored(uuid))?.cluster.operation).toMatchObject({
      kind: 'cluster-upgrade',
      params: { cluster_template_uuid: other, max_batch_size: 2 },
    })
  })

  it('DELETE: 204 in any state, DELETE_IN_PROGRESS once, never a second workflow', async () => {
    const uuid = await makeCluster(h, 'demo', { name: 'doomed', cluster_template_id: template })
    await h.settle(uuid, 'CREATE_FAILED')
    expect((await api('demo').delete(`/v1/clusters/${uuid}`)).status).toBe(204)
    expect((await api('demo').delete('/v1/clusters/doomed')).status).toBe(204)
    const deletes = h.starts.filter(
      (s) => s.input.clusterUuid === uuid && s.input.kind === 'cluster-delete'
    )
    expect(deletes).toHaveLength(1)
    const got = await api('demo').get<Wire>(`/v1/clusters/${uuid}`)
    expect(got.body.status).toBe('DELETE_IN_PROGRESS')
    expect(got.body).not.toHaveProperty('faults')
  })

  it('a workflow that cannot start leaves CREATE_FAILED with the reason and faults, never IN_PROGRESS', async () => {
    h.failStarts.on = true
    try {
      const uuid = await makeCluster(h, 'demo', { name: 'unlucky', cluster_template_id: template })
      const r = await api('demo').get<Wire>(`/v1/clusters/${uuid}`)
      expect(r.body).toMatchObject({
        status: 'CREATE_FAILED',
        status_reason: 'could not start the create workflow: Step Functions is unreachable',
        faults: {
          'default-master': 'could not start the create workflow: Step Functions is unreachable',
        },
      })
    } finally {
      h.failStarts.on = false
    }
  })

  it('an Idempotency-Key makes a retried POST answer with the same cluster', async () => {
    const options = { headers: { 'Idempotency-Key': `retry-${Date.now()}` } }
    const body = { name: 'once', cluster_template_id: template }
    const first = await makeCluster(h, 'demo', body, options)
    const again = await api('demo').post<{ uuid: string }>('/v1/clusters', body, options)
    expect(again.status).toBe(202)
    expect(again.body.uuid).toBe(first)
    const named = (await api('demo').get<ClusterList>('/v1/clusters')).body.clusters.filter(
      (c) => c.name === 'once'
    )
    expect(named).toHaveLength(1)
  })
})

describe('Clusters API: quota', () => {
  beforeAll(async () => {
    h = await startClusterApi({ BERTH_MAX_CLUSTERS_PER_PROJECT: 1 })
    template = await makeTemplate(h, 'alt', 'quota-k8s', { keypair_id: 'alt-key' })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('refuses a create past max_clusters_per_project with Magnum’s 403', async () => {
    await makeCluster(h, 'alt', { cluster_template_id: template })
    expectError(
      await api('alt').post('/v1/clusters', { cluster_template_id: template }),
      403,
      'Resource limit exceeded: You have reached the maximum clusters per project, 1. You may delete a cluster to make room for a new one.'
    )
  })
})

describe('Clusters API through the local workflow runner', () => {
  let berth: RunningBerth
  beforeAll(async () => {
    berth = await startBerth()
  })
  afterAll(async () => {
    await berth?.stop()
  })

  it('creates, runs a workflow that moves the cluster on, and deletes it to a 404', async () => {
    const t = await api('demo').post<{ uuid: string }>(
      '/v1/clustertemplates',
      k8sTemplate('runner-k8s')
    )
    expect(t.status, t.text).toBe(201)
    const c = await api('demo').post<{ uuid: string }>('/v1/clusters', {
      cluster_template_id: t.body.uuid,
    })
    expect(c.status, c.text).toBe(202)
    const show = () => api('demo').get<Wire>(`/v1/clusters/${c.body.uuid}`)
    expect((await show()).status).toBe(200)
    await expect
      .poll(async () => (await show()).body.status, { timeout: 30_000, interval: 200 })
      .not.toBe('CREATE_IN_PROGRESS')
    expect((await api('demo').delete(`/v1/clusters/${c.body.uuid}`)).status).toBe(204)
    await expect
      .poll(async () => (await show()).status, { timeout: 30_000, interval: 200 })
      .toBe(404)
    expect((await api('demo').delete(`/v1/clustertemplates/${t.body.uuid}`)).status).toBe(204)
  })
})
