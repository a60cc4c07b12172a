import { publicUrl } from '@berth/shared/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, testEnv } from '../support/berth'
import {
  at,
  type ClusterApiHarness,
  expectError,
  makeCluster,
  makeTemplate,
  startClusterApi,
} from './clusters-harness'

type NodeGroup = Record<string, unknown> & { uuid: string; name: string; status: string }

const SUMMARY_KEYS = [
  'uuid',
  'name',
  'flavor_id',
  'node_count',
  'role',
  'is_default',
  'image_id',
  'status',
  'stack_id',
].sort()

let h: ClusterApiHarness
let template: string
let cluster: string
const ngs = () => `/v1/clusters/${cluster}/nodegroups`
const API = 'https://10.0.0.5:6443'

describe('Nodegroups API (µ1.9)', () => {
  beforeAll(async () => {
    h = await startClusterApi()
    template = await makeTemplate(h, 'demo', 'ng-k8s', { labels: { kube_tag: 'v1.28.9' } })
    cluster = await makeCluster(h, 'demo', {
      name: 'ngc',
      cluster_template_id: template,
      labels: { min_node_count: '1' },
      merge_labels: true,
      node_count: 2,
    })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('are unavailable below µ1.9', async () => {
    expect((await api('demo').get(ngs(), at('1.8'))).status).toBe(406)
    expect((await api('demo').post(ngs(), { name: 'x' }, at('1.8'))).status).toBe(406)
    expect((await api('demo').delete(`${ngs()}/default-worker`, at('1.8'))).status).toBe(406)
  })

  it('lists the default nodegroups as summaries, filtered by role', async () => {
    const r = await api('demo').get<{ nodegroups: NodeGroup[] }>(ngs())
    expect(r.status, r.text).toBe(200)
    expect(r.body.nodegroups.map((n) => n.name).sort()).toEqual([
      'default-master',
      'default-worker',
    ])
    for (const n of r.body.nodegroups) expect(Object.keys(n).sort()).toEqual(SUMMARY_KEYS)
    const masters = await api('demo').get<{ nodegroups: NodeGroup[] }>(`${ngs()}?role=master`)
    expect(masters.body.nodegroups.map((n) => n.name)).toEqual(['default-master'])
    expectError(await api('demo').get(`${ngs()}?colour=red`), 400, 'Unknown argument: "colour"')
    const byName = await api('demo').get<{ nodegroups: NodeGroup[] }>('/v1/clusters/ngc/nodegroups')
    expect(byName.body.nodegroups).toHaveLength(2)
    // python-magnumclient's paths end in a slash, queries included.
    const slashed = await api('demo').get<{ nodegroups: NodeGroup[] }>(`${ngs()}/?role=worker`)
    expect(slashed.body.nodegroups.map((n) => n.name)).toEqual(['default-worker'])
  })

  it('shows one with links under its cluster, label diffs against the cluster, and µ1.14 fields', async () => {
    const r = await api('demo').get<NodeGroup>(`${ngs()}/default-worker`)
    expect(r.status, r.text).toBe(200)
    const base = publicUrl(testEnv().config)
    expect(r.body).toMatchObject({
      name: 'default-worker',
      cluster_id: cluster,
      role: 'worker',
      is_default: true,
      node_count: 2,
      min_node_count: 1,
      max_node_count: null,
      image_id: 'fedora-coreos',
      flavor_id: 'm1.small',
      status: 'CREATE_IN_PROGRESS',
      labels_added: {},
      labels_overridden: {},
      labels_skipped: {},
      node_labels: null,
      node_taints: null,
      links: [
        { href: `${base}/v1/clusters/${cluster}/nodegroups/${r.body.uuid}`, rel: 'self' },
        { href: `${base}/clusters/${cluster}/nodegroups/${r.body.uuid}`, rel: 'bookmark' },
      ],
    })
    const old = await api('demo').get<NodeGroup>(`${ngs()}/${r.body.uuid}`, at('1.13'))
    expect(old.body).not.toHaveProperty('node_labels')
    expectError(await api('demo').get(`${ngs()}/nope`), 404, 'Nodegroup nope could not be found.')
  })

  it('create needs the cluster’s API address (409), then answers 202 with the new nodegroup', async () => {
    const body = {
      name: 'gpu',
      node_count: 2,
      max_node_count: 4,
      labels: { gpu: 'true' },
      merge_labels: true,
      node_labels: { 'example.com/accelerator': 'a100' },
      node_taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    }
    expectError(
      await api('demo').post(ngs(), body),
      409,
      'Cluster API address is not available yet'
    )
    await h.settle(cluster, 'CREATE_COMPLETE', { api_address: API })
    const r = await api('demo').post<NodeGroup>(ngs(), body)
    expect(r.status, r.text).toBe(202)
    expect(r.body).toMatchObject({
      name: 'gpu',
      status: 'CREATE_IN_PROGRESS',
      is_default: false,
      role: 'worker',
      node_count: 2,
      max_node_count: 4,
      labels_added: { gpu: 'true' },
      node_labels: { 'example.com/accelerator': 'a100' },
      node_taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    })
    const a = await h.stored(cluster)
    expect(a?.cluster.status).toBe('UPDATE_IN_PROGRESS')
    expect(a?.cluster.operation).toMatchObject({
      kind: 'nodegroup-create',
      nodegroup_uuid: r.body.uuid,
    })
    expect(h.starts.at(-1)?.input).toMatchObject({
      kind: 'nodegroup-create',
      nodegroupUuid: r.body.uuid,
    })
    expect((await api('demo').get<NodeGroup>(`${ngs()}/gpu`)).body.status).toBe(
      'CREATE_IN_PROGRESS'
    )
  })

  it('create refuses duplicates, masters, inconsistent bounds, restricted labels and pre-µ1.14 metadata', async () => {
    await h.settle(cluster, 'UPDATE_COMPLETE', { api_address: API })
    const post = (body: Record<string, unknown>, v = 'latest') =>
      api('demo').post(ngs(), body, at(v))
    expectError(
      await post({ name: 'gpu' }),
      409,
      'A node group with name gpu already exists in the cluster ngc.'
    )
    expectError(
      await post({ name: 'm2', role: 'master' }),
      400,
      'Creating master nodegroups is currently not supported.'
    )
    expectError(
      await post({ name: 'b', node_count: 1, min_node_count: 2 }),
      409,
      'min_node_count for b is invalid (min_node_count (2) should be less or equal to node_count (1)).'
    )
    expectError(
      await post({ name: 'r', node_labels: { 'node-role.kubernetes.io/worker': '' } }),
      400,
      /^node_labels for r is invalid \(kubelets may not set label 'node-role\.kubernetes\.io\/worker'/
    )
    expectError(
      await post({ name: 't', node_taints: [{ key: 'k', effect: 'Sometimes' }] }),
      400,
      /^Invalid input for field\/attribute node_taints\.0\.effect/
    )
    expectError(
      await post({ name: 'old', node_labels: { a: 'b' } }, '1.13'),
      400,
      'Unknown attribute for argument nodegroup: node_labels'
    )
    expectError(await post({}), 400, 'Mandatory field missing: name.')
  })

  it('PATCH: bounds are saved without a workflow; µ1.14 labels start nodegroup-update', async () => {
    await h.settle(cluster, 'UPDATE_COMPLETE', { api_address: API })
    const before = h.starts.length
    const bounds = await api('demo').patch<NodeGroup>(`${ngs()}/default-worker`, [
      { op: 'replace', path: '/max_node_count', value: 5 },
    ])
    expect(bounds.status, bounds.text).toBe(202)
    expect(bounds.body).toMatchObject({ max_node_count: 5, status: 'UPDATE_COMPLETE' })
    expect(h.starts.length).toBe(before)
    expectError(
      await api('demo').patch(`${ngs()}/default-worker`, [
        { op: 'replace', path: '/node_count', value: 9 },
      ]),
      400,
      "'/node_count' is an internal attribute and can not be updated"
    )
    expectError(
      await api('demo').patch(`${ngs()}/default-worker`, [
        { op: 'replace', path: '/max_node_count', value: 1 },
      ]),
      409,
      'max_node_count for default-worker is invalid (node_count (2) should be less or equal to max_node_count (1)).'
    )
    expectError(
      await api('demo').patch(`${ngs()}/default-master`, [
        { op: 'replace', path: '/node_taints', value: [{ key: 'a', effect: 'NoSchedule' }] },
      ]),
      400,
      'node_taints for default-master is invalid (taints are not supported on master nodegroups).'
    )
    const labelled = await api('demo').patch<NodeGroup>(`${ngs()}/default-worker`, [
      { op: 'replace', path: '/node_labels', value: { tier: 'web' } },
    ])
    expect(labelled.status, labelled.text).toBe(202)
    expect(labelled.body).toMatchObject({
      node_labels: { tier: 'web' },
      status: 'UPDATE_IN_PROGRESS',
    })
    expect(h.starts.at(-1)?.input.kind).toBe('nodegroup-update')
  })

  it('DELETE: a default nodegroup is a 400; another goes DELETE_IN_PROGRESS with its workflow', async () => {
    await h.settle(cluster, 'UPDATE_COMPLETE', { api_address: API })
    expectError(
      await api('demo').delete(`${ngs()}/default-worker`),
      400,
      'Deleting a default nodegroup is not supported.'
    )
    expect((await api('demo').delete(`${ngs()}/gpu`)).status).toBe(204)
    const gpu = await api('demo').get<NodeGroup>(`${ngs()}/gpu`)
    expect(gpu.body.status).toBe('DELETE_IN_PROGRESS')
    expect((await h.stored(cluster))?.cluster.operation).toMatchObject({
      kind: 'nodegroup-delete',
      nodegroup_uuid: gpu.body.uuid,
    })
  })

  it('another project can neither see nor touch the cluster’s nodegroups', async () => {
    const alt = api('alt')
    expect((await alt.get(ngs())).status).toBe(404)
    expect((await alt.get(`${ngs()}/default-worker`)).status).toBe(404)
    expect((await alt.post(ngs(), { name: 'intruder' })).status).toBe(404)
    expect(
      (
        await alt.patch(`${ngs()}/default-worker`, [
          { op: 'replace', path: '/max_node_count', value: 9 },
        ])
      ).status
    ).toBe(404)
    expect((await alt.delete(`${ngs()}/gpu`)).status).toBe(404)
    expect(
      (await h.stored(cluster))?.nodegroups.find((n) => n.name === 'default-worker')?.max_node_count
    ).toBe(5)
    expect((await api('admin').get(ngs())).status).toBe(200)
  })
})
