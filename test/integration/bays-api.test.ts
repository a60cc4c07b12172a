import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publicUrl } from '@berth/shared/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, testEnv } from '../support/berth'
import {
  at,
  type ClusterApiHarness,
  expectError,
  makeTemplate,
  startClusterApi,
} from './clusters-harness'

type Bay = Record<string, unknown> & { uuid: string; status: string }

const BAY_SUMMARY_KEYS = [
  'uuid',
  'name',
  'baymodel_id',
  'docker_volume_size',
  'labels',
  'master_flavor_id',
  'flavor_id',
  'node_count',
  'status',
  'bay_create_timeout',
  'master_count',
  'stack_id',
  'links',
].sort()

let h: ClusterApiHarness
let baymodel: string

/** Creates a bay at µ1.2+ (202) and remembers it for clean-up. */
const makeBay = async (body: Record<string, unknown>, user: 'demo' | 'alt' = 'demo') => {
  const r = await api(user).post<{ uuid: string }>('/v1/bays', body, at('1.2'))
  expect(r.status, r.text).toBe(202)
  h.track.clusters.push(r.body.uuid)
  return r.body.uuid
}

describe('Bays API', () => {
  beforeAll(async () => {
    h = await startClusterApi()
    baymodel = await makeTemplate(h, 'demo', 'bay-k8s', { labels: { kube_tag: 'v1.28.9' } })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('µ1.1 POST answers 201 with the whole bay as written and a Location', async () => {
    const r = await api('demo').post<Bay>(
      '/v1/bays',
      { name: 'sync', baymodel_id: 'bay-k8s', node_count: 2, bay_create_timeout: 30 },
      at('1.1')
    )
    expect(r.status, r.text).toBe(201)
    h.track.clusters.push(r.body.uuid)
    const base = publicUrl(testEnv().config)
    expect(r.headers.get('location')).toBe(`${base}/v1/bays/${r.body.uuid}`)
    expect(r.body).toMatchObject({
      name: 'sync',
      baymodel_id: baymodel,
      node_count: 2,
      master_count: 1,
      bay_create_timeout: 30,
      status: 'CREATE_IN_PROGRESS',
      stack_id: null,
      labels: { kube_tag: 'v1.28.9' },
      links: [
        { href: `${base}/v1/bays/${r.body.uuid}`, rel: 'self' },
        { href: `${base}/bays/${r.body.uuid}`, rel: 'bookmark' },
      ],
    })
    for (const absent of [
      'keypair',
      'cluster_template_id',
      'create_timeout',
      'health_status',
      'bay_faults',
    ]) {
      expect(r.body).not.toHaveProperty(absent)
    }
    // The same record is a cluster, with the baymodel's keypair.
    const asCluster = await api('demo').get<Bay>(`/v1/clusters/${r.body.uuid}`)
    expect(asCluster.body).toMatchObject({
      cluster_template_id: baymodel,
      keypair: 'demo-key',
      create_timeout: 30,
    })
  })

  it('µ1.2 POST answers 202 {uuid}; bodies follow Zed’s bay type', async () => {
    const uuid = await makeBay({ baymodel_id: baymodel })
    const shown = await api('demo').get<Bay>(`/v1/bays/${uuid}`)
    expect(shown.body).toMatchObject({ status: 'CREATE_IN_PROGRESS', node_count: 1 })
    expect(shown.body.name).toMatch(/-bay$/)
    const post = (body: Record<string, unknown>) => api('demo').post('/v1/bays', body, at('1.2'))
    expectError(
      await post({ baymodel_id: baymodel, node_count: 0 }),
      400,
      /^Invalid input for field\/attribute node_count/
    )
    expectError(
      await post({ baymodel_id: baymodel, keypair: 'demo-key' }),
      400,
      'Unknown attribute for argument bay: keypair'
    )
    expectError(await post({ name: 'x' }), 400, 'Mandatory field missing: baymodel_id.')
    expectError(
      await post({ baymodel_id: 'nope' }),
      400,
      'ClusterTemplate nope could not be found.'
    )
    expectError(
      await api('demo').post('/v1/bays', { baymodel_id: 'nope' }),
      400,
      'ClusterTemplate nope could not be found.'
    )
  })

  it('lists summaries and details; failed bays show bay_faults', async () => {
    const uuid = await makeBay({ name: 'listed', baymodel_id: baymodel })
    const list = await api('demo').get<{ bays: Bay[] }>('/v1/bays')
    const mine = list.body.bays.find((b) => b.uuid === uuid)
    expect(Object.keys(mine ?? {}).sort()).toEqual(BAY_SUMMARY_KEYS)
    const detail = await api('demo').get<{ bays: Bay[] }>('/v1/bays/detail')
    expect(detail.body.bays.find((b) => b.uuid === uuid)).toHaveProperty('status_reason')
    await h.settle(uuid, 'CREATE_FAILED', {
      faults: { 'default-worker': 'No valid host was found.' },
    })
    expect((await api('demo').get<Bay>('/v1/bays/listed')).body).toMatchObject({
      bay_faults: { 'default-worker': 'No valid host was found.' },
    })
  })

  it('PATCH: 200 with the bay at µ1.1, 202 {uuid} from µ1.2, rollback from µ1.3', async () => {
    const uuid = await makeBay({ name: 'grow', baymodel_id: baymodel })
    await h.settle(uuid, 'CREATE_COMPLETE')
    const grow = (n: number) => [{ op: 'replace', path: '/node_count', value: n }]
    const sync = await api('demo').patch<Bay>(`/v1/bays/${uuid}`, grow(2), at('1.1'))
    expect(sync.status, sync.text).toBe(200)
    expect(sync.body).toMatchObject({ uuid, node_count: 2, status: 'UPDATE_IN_PROGRESS' })

    await h.settle(uuid, 'UPDATE_COMPLETE')
    expectError(
      await api('demo').patch(`/v1/bays/${uuid}?rollback=true`, grow(3), at('1.2')),
      400,
      'Unknown argument: "rollback"'
    )
    expectError(await api('demo').patch(`/v1/bays/${uuid}`, grow(0), at('1.2')), 400, /zero/)
    const r = await api('demo').patch(`/v1/bays/${uuid}?rollback=true`, grow(3), at('1.3'))
    expect(r.status, r.text).toBe(202)
    expect(r.body).toEqual({ uuid })
    expect((await h.stored(uuid))?.cluster.operation?.params).toMatchObject({
      node_count: 3,
      rollback: true,
    })
    expectError(
      await api('demo').patch(
        `/v1/bays/${uuid}`,
        [{ op: 'replace', path: '/baymodel_id', value: 'x' }],
        at('1.3')
      ),
      400,
      'cannot change cluster property(ies) cluster_template_id.'
    )
  })

  it('DELETE answers 204 and the bay goes DELETE_IN_PROGRESS; other projects get 404 everywhere', async () => {
    const uuid = await makeBay({ name: 'gone', baymodel_id: baymodel })
    const alt = api('alt')
    expect((await alt.get(`/v1/bays/${uuid}`)).status).toBe(404)
    expect((await alt.get<{ bays: Bay[] }>('/v1/bays')).body.bays.map((b) => b.uuid)).not.toContain(
      uuid
    )
    expect(
      (await alt.patch(`/v1/bays/${uuid}`, [{ op: 'replace', path: '/node_count', value: 2 }]))
        .status
    ).toBe(404)
    expect((await alt.delete(`/v1/bays/${uuid}`)).status).toBe(404)
    expect((await api('demo').delete(`/v1/bays/${uuid}`, at('1.1'))).status).toBe(204)
    expect((await api('demo').get<Bay>(`/v1/bays/${uuid}`)).body.status).toBe('DELETE_IN_PROGRESS')
  })
})

describe('Bays API: bay:* policy rules', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-bay-policy-'))
    const file = join(dir, 'policy.yaml')
    await writeFile(file, '"bay:create": "!"\n"bay:get_all": "!"\n')
    h = await startClusterApi({ BERTH_POLICY_FILE: file })
    baymodel = await makeTemplate(h, 'demo', 'bay-policy-k8s')
  })
  afterAll(async () => {
    await h?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('bays are governed by their own rules, clusters by theirs', async () => {
    expectError(
      await api('demo').post('/v1/bays', { baymodel_id: baymodel }, at('1.2')),
      403,
      "Policy doesn't allow bay:create to be performed."
    )
    expectError(
      await api('demo').get('/v1/bays'),
      403,
      "Policy doesn't allow bay:get_all to be performed."
    )
    expect((await api('demo').get('/v1/clusters')).status).toBe(200)
  })
})
