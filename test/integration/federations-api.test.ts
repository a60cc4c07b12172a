import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../support/berth'
import {
  type ClusterApiHarness,
  expectError,
  makeCluster,
  makeTemplate,
  startClusterApi,
} from './clusters-harness'

interface Federation {
  uuid: string
  name: string
  project_id: string
  hostcluster_id: string
  member_ids: string[]
  status: string
  status_reason: string | null
  properties: Record<string, string>
  links: { href: string; rel: string }[]
}

let h: ClusterApiHarness
let host: string
let member: string
let altCluster: string
const federations: string[] = []

const create = async (body: Record<string, unknown>) => {
  const r = await api('demo').post<{ uuid: string }>('/v1/federations', body)
  expect(r.status, r.text).toBe(202)
  expect(Object.keys(r.body)).toEqual(['uuid'])
  federations.push(r.body.uuid)
  return r.body.uuid
}

beforeAll(async () => {
  h = await startClusterApi()
  const t = await makeTemplate(h, 'demo', 'fed-k8s', { labels: { kube_tag: 'v1.28.9' } })
  host = await makeCluster(h, 'demo', { cluster_template_id: t, name: 'fed-host' })
  member = await makeCluster(h, 'demo', { cluster_template_id: t, name: 'fed-member' })
  const at = await makeTemplate(h, 'alt', 'fed-alt', { keypair_id: 'alt-key' })
  altCluster = await makeCluster(h, 'alt', { cluster_template_id: at })
})
afterAll(async () => {
  for (const f of federations) await api('demo').delete(`/v1/federations/${f}`)
  await h?.stop()
})

describe('Federations API (records only, as Magnum never implemented the backend)', () => {
  it('creates a federation (202 {uuid}) that reads CREATE_COMPLETE, in full and in lists', async () => {
    const uuid = await create({
      name: 'west',
      hostcluster_id: host,
      properties: { 'dns-zone': 'example.com.' },
    })
    const one = await api('demo').get<Federation>(`/v1/federations/${uuid}`)
    expect(one.status, one.text).toBe(200)
    expect(one.body).toMatchObject({
      uuid,
      name: 'west',
      hostcluster_id: host,
      member_ids: [],
      status: 'CREATE_COMPLETE',
      properties: { 'dns-zone': 'example.com.' },
    })
    expect(one.body.links.map((l) => l.rel)).toEqual(['self', 'bookmark'])
    const byName = await api('demo').get<Federation>('/v1/federations/west')
    expect(byName.body.uuid).toBe(uuid)
    const list = await api('demo').get<{ federations: Federation[] }>('/v1/federations')
    const summary = list.body.federations.find((f) => f.uuid === uuid)
    expect(Object.keys(summary ?? {}).sort()).toEqual(
      ['hostcluster_id', 'links', 'member_ids', 'name', 'properties', 'status', 'uuid'].sort()
    )
    const detail = await api('demo').get<{ federations: Federation[] }>('/v1/federations/detail')
    expect(detail.body.federations.find((f) => f.uuid === uuid)?.project_id).toBeDefined()
  })

  it('checks what Magnum checks: a host cluster that exists and a dns-zone', async () => {
    expectError(
      await api('demo').post('/v1/federations', { properties: { 'dns-zone': 'x.' } }),
      400,
      'No hostcluster specified. Please specify a hostcluster_id.'
    )
    expectError(
      await api('demo').post('/v1/federations', { hostcluster_id: host }),
      400,
      "No DNS zone specified. Please specify a 'dns-zone'."
    )
    expectError(
      await api('demo').post('/v1/federations', {
        hostcluster_id: altCluster,
        properties: { 'dns-zone': 'x.' },
      }),
      404,
      `Cluster ${altCluster} could not be found.`
    )
    expect((await api('demo').post('/v1/federations', { hostcluster_id: host, x: 1 })).status).toBe(
      400
    )
  })

  it('joins and unjoins members with Magnum’s patches (202 {uuid}), and deletes (204)', async () => {
    const uuid = await create({ hostcluster_id: host, properties: { 'dns-zone': 'example.com.' } })
    const join = await api('demo').patch(`/v1/federations/${uuid}`, [
      { op: 'add', path: '/member_ids', value: member },
    ])
    expect(join.status, join.text).toBe(202)
    expect(join.body).toEqual({ uuid })
    let f = (await api('demo').get<Federation>(`/v1/federations/${uuid}`)).body
    expect(f).toMatchObject({ member_ids: [member], status: 'UPDATE_COMPLETE' })
    expect(
      (
        await api('demo').patch(`/v1/federations/${uuid}`, [
          { op: 'add', path: '/member_ids', value: member },
        ])
      ).status
    ).toBe(409)
    expect(
      (
        await api('demo').patch(`/v1/federations/${uuid}`, [
          { op: 'add', path: '/member_ids', value: altCluster },
        ])
      ).status
    ).toBe(404)
    await api('demo').patch(`/v1/federations/${uuid}`, [
      { op: 'remove', path: '/member_ids', value: member },
    ])
    f = (await api('demo').get<Federation>(`/v1/federations/${uuid}`)).body
    expect(f.member_ids).toEqual([])
    expect(
      (
        await api('demo').patch(`/v1/federations/${uuid}`, [
          { op: 'replace', path: '/hostcluster_id', value: member },
        ])
      ).status
    ).toBe(400)
    const del = await api('demo').delete(`/v1/federations/${uuid}`)
    expect(del.status, del.text).toBe(204)
    expect((await api('demo').get(`/v1/federations/${uuid}`)).status).toBe(404)
  })

  it('keeps federations to their project', async () => {
    const uuid = await create({ hostcluster_id: host, properties: { 'dns-zone': 'example.com.' } })
    expect((await api('alt').get(`/v1/federations/${uuid}`)).status).toBe(404)
    expect((await api('alt').delete(`/v1/federations/${uuid}`)).status).toBe(404)
    expect(
      (
        await api('alt').patch(`/v1/federations/${uuid}`, [
          { op: 'add', path: '/member_ids', value: altCluster },
        ])
      ).status
    ).toBe(404)
    const theirs = await api('alt').get<{ federations: Federation[] }>('/v1/federations')
    expect(theirs.body.federations.map((f) => f.uuid)).not.toContain(uuid)
  })
})
