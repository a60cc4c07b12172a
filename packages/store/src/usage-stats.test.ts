import { QuotaExceededError } from '@berth/core/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aggregateOf, newProject, nodeGroupOf, quotaFor, templateFor } from './cluster-fixtures'
import { DynamoClusterTemplateRepository } from './cluster-templates'
import { DynamoClusterRepository } from './clusters'
import { ensureTable } from './migrate'
import { startTestDynamo, type TestDynamo } from './test-dynamodb'
import { DynamoUsageStats } from './usage-stats'

const TABLE = 'berth-usage-stats'
let ddb: TestDynamo
let repo: DynamoClusterRepository
let templates: DynamoClusterTemplateRepository
let stats: DynamoUsageStats

beforeAll(async () => {
  ddb = await startTestDynamo()
  await ensureTable(ddb.db, TABLE)
  repo = new DynamoClusterRepository(ddb.db, TABLE)
  templates = new DynamoClusterTemplateRepository(ddb.db, TABLE)
  stats = new DynamoUsageStats(ddb.db, TABLE)
}, 60_000)
afterAll(async () => {
  await ddb?.stop()
})

/** A cluster of 1 master (2 vCPUs) and `workers` workers (4 vCPUs each). */
const sized = async (projectId: string, workers: number) => {
  const template = templateFor(projectId)
  await templates.create(template)
  const a = aggregateOf(template, projectId, {}, workers)
  return {
    ...a,
    nodegroups: a.nodegroups.map((n) => ({ ...n, vcpus_per_node: n.role === 'master' ? 2 : 4 })),
  }
}

describe('usage: vCPUs and stats', { timeout: 60_000 }, () => {
  it('counts vCPUs through create, resize, nodegroups and delete', async () => {
    const p = newProject()
    const a = await sized(p, 2)
    await repo.create(a, p, quotaFor(a))
    expect(await repo.usage(p)).toEqual({ clusters: 1, nodes: 3, vcpus: 10 })

    const stored = await repo.get({ projectId: p, allProjects: false }, a.cluster.uuid)
    if (!stored) throw new Error('stored')
    const worker = stored.nodegroups.find((n) => n.name === 'default-worker')
    if (!worker) throw new Error('worker')
    let saved = await repo.save(stored.cluster, [{ ...worker, node_count: 5 }])
    expect(await repo.usage(p)).toEqual({ clusters: 1, nodes: 6, vcpus: 22 })

    const extra = nodeGroupOf(saved.cluster, { node_count: 3, vcpus_per_node: 8 })
    saved = await repo.save(saved.cluster, [extra])
    expect(await repo.usage(p)).toEqual({ clusters: 1, nodes: 9, vcpus: 46 })

    const storedExtra = saved.nodegroups.find((n) => n.uuid === extra.uuid)
    if (!storedExtra) throw new Error('extra')
    await repo.deleteNodeGroup(storedExtra)
    expect(await repo.usage(p)).toEqual({ clusters: 1, nodes: 6, vcpus: 22 })

    const last = await repo.get({ projectId: p, allProjects: false }, a.cluster.uuid)
    if (!last) throw new Error('stored')
    await repo.delete(last)
    expect(await repo.usage(p)).toEqual({ clusters: 0, nodes: 0, vcpus: 0 })
  })

  it('refuses a cluster whose vCPUs would exceed the limit, atomically', async () => {
    const p = newProject()
    const first = await sized(p, 2) // 10 vCPUs
    await repo.create(first, p, { ...quotaFor(first), maxVcpus: 16 })
    const second = await sized(p, 1) // 6 more: exactly 16
    const third = await sized(p, 0) // 2 more: 18 > 16

    await repo.create(second, p, { ...quotaFor(second), maxVcpus: 16 })
    const refused = repo.create(third, p, { ...quotaFor(third), maxVcpus: 16 })
    await expect(refused).rejects.toBeInstanceOf(QuotaExceededError)
    await expect(refused).rejects.toMatchObject({ resource: 'VCPU' })
    await expect(refused).rejects.toThrow(/16 vCPUs in use, the cluster adds 2, the limit is 16/)
    expect(await repo.usage(p)).toEqual({ clusters: 2, nodes: 5, vcpus: 16 })
  })

  it("answers a project's stats from its usage item and global stats as the sum of all", async () => {
    const before = await stats.global()
    const p = newProject()
    const q = newProject()
    const a = await sized(p, 2)
    const b = await sized(q, 4)
    await repo.create(a, p, quotaFor(a))
    await repo.create(b, q, quotaFor(b))

    expect(await stats.project(p)).toEqual({ clusters: 1, nodes: 3, vcpus: 10 })
    expect(await stats.project(newProject())).toEqual({ clusters: 0, nodes: 0, vcpus: 0 })
    expect(await stats.global()).toEqual({
      clusters: before.clusters + 2,
      nodes: before.nodes + 8,
      vcpus: before.vcpus + 28,
    })
  })
})
