import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, identity } from '../support/berth'
import {
  type ClusterApiHarness,
  expectError,
  makeCluster,
  makeTemplate,
  startClusterApi,
} from './clusters-harness'

interface Stats {
  clusters: number
  nodes: number
}

let h: ClusterApiHarness
let demo: string
let alt: string

const stats = async (user: 'demo' | 'alt' | 'admin', query = '') => {
  const r = await api(user).get<Stats>(`/v1/stats${query}`)
  expect(r.status, r.text).toBe(200)
  return r.body
}

beforeAll(async () => {
  h = await startClusterApi()
  demo = (await identity('demo')).projectId
  alt = (await identity('alt')).projectId
})
afterAll(async () => {
  await h?.stop()
})

describe('Stats API', () => {
  it('counts a project’s clusters and nodes, masters included, and follows creates', async () => {
    const before = await stats('demo')
    expect(Object.keys(before).sort()).toEqual(['clusters', 'nodes'])
    const template = await makeTemplate(h, 'demo', 'stats-k8s', {
      labels: { kube_tag: 'v1.28.9' },
      master_lb_enabled: true,
    })
    await makeCluster(h, 'demo', { cluster_template_id: template, master_count: 3, node_count: 2 })
    await makeCluster(h, 'demo', { cluster_template_id: template, master_count: 1, node_count: 4 })
    expect(await stats('demo')).toEqual({
      clusters: before.clusters + 2,
      nodes: before.nodes + 10,
    })
    expect(await stats('demo', `?project_id=${demo}&type=cluster`)).toEqual(await stats('demo'))
  })

  it('keeps a member to their own project (403) and gives admins any project or all', async () => {
    expectError(await api('demo').get(`/v1/stats?project_id=${alt}`), 403, 'Not authorized.')
    const own = await stats('demo')
    const theirs = await stats('alt')
    expect(await stats('admin', `?project_id=${demo}`)).toEqual(own)
    const global = await stats('admin')
    expect(global.clusters).toBeGreaterThanOrEqual(own.clusters + theirs.clusters)
    expect(global.nodes).toBeGreaterThanOrEqual(own.nodes + theirs.nodes)
  })

  it('refuses another type and unknown parameters (400), and anonymous callers (401)', async () => {
    expectError(
      await api('demo').get('/v1/stats?type=nodegroup'),
      400,
      "Invalid stats type. Allowed values are 'cluster'"
    )
    expect((await api('demo').get('/v1/stats?color=red')).status).toBe(400)
    expect((await api().get('/v1/stats')).status).toBe(401)
    const reader = await api('demo').get('/v1/stats', {
      headers: { 'OpenStack-API-Version': 'container-infra 1.4' },
    })
    expect(reader.status).toBe(200)
  })
})
