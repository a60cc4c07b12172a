import type { RawItem } from '@berth/aws/dynamodb-types'
import type { StoredClusterTemplate } from '@berth/core/cluster-templates/model'
import type { ClusterAggregate } from '@berth/core/clusters/model'
import { ConcurrentUpdateError, NotFoundError } from '@berth/core/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  admin,
  aggregateOf,
  asCreated,
  newProject,
  nodeGroupOf,
  own,
  quotaFor,
  templateFor,
} from './cluster-fixtures'
import { toClusterItem, toNodeGroupItem } from './cluster-item'
import { DynamoClusterTemplateRepository } from './cluster-templates'
import { DynamoClusterRepository } from './clusters'
import { CorruptItemError } from './errors'
import { clusterKey } from './keys'
import { ensureTable } from './migrate'
import { operationsOf, startTestDynamo, type TestDynamo } from './test-dynamodb'

const TABLE = 'berth-clusters'
let ddb: TestDynamo
let repo: DynamoClusterRepository
let templates: DynamoClusterTemplateRepository

beforeAll(async () => {
  ddb = await startTestDynamo()
  await ensureTable(ddb.db, TABLE)
  // Two items per page: every list below crosses page boundaries.
  repo = new DynamoClusterRepository(ddb.db, TABLE, { queryPageSize: 2 })
  templates = new DynamoClusterTemplateRepository(ddb.db, TABLE)
}, 60_000)
afterAll(async () => {
  await ddb?.stop()
})

const newTemplate = async (projectId = newProject()): Promise<StoredClusterTemplate> => {
  const t = templateFor(projectId)
  await templates.create(t)
  return t
}

const created = async (
  projectId: string,
  overrides: Parameters<typeof aggregateOf>[2] = {},
  template?: StoredClusterTemplate
): Promise<ClusterAggregate> => {
  const a = aggregateOf(template ?? (await newTemplate(projectId)), projectId, overrides)
  await repo.create(a, a.cluster.cluster_template_project_id, quotaFor(a))
  return asCreated(a)
}

const uuids = (as: ClusterAggregate[]) => as.map((a) => a.cluster.uuid)

const commandsOf = (fn: () => Promise<unknown>) => operationsOf(ddb.db, fn)

describe('DynamoClusterRepository: reads and saves', { timeout: 30_000 }, () => {
  it('reads a created cluster back whole, with its nodegroups, in one Query', async () => {
    const p = newProject()
    const a = await created(p)

    // Unpaged here: the small test pages would split the one Query into requests.
    const unpaged = new DynamoClusterRepository(ddb.db, TABLE)
    let got: ClusterAggregate | undefined
    const sent = await commandsOf(async () => (got = await unpaged.get(own(p), a.cluster.uuid)))
    expect(sent).toEqual(['Query'])
    expect(got).toEqual(a)
    expect(got?.nodegroups.map((n) => n.name)).toEqual(['default-master', 'default-worker'])
  })

  it('stores the sealed credential and the operation as maps, not strings', async () => {
    const p = newProject()
    const a = await created(p)
    const raw = await ddb.db.client.call<{ Item?: RawItem }>('GetItem', {
      TableName: TABLE,
      Key: toKey(clusterKey(p, a.cluster.uuid)),
    })
    expect(raw.Item?.credential?.M?.sealed_secret?.S).toBe(a.cluster.credential?.sealed_secret)
    expect(raw.Item?.operation?.M?.params?.M?.nested?.M).toBeDefined()
    expect((await repo.get(own(p), a.cluster.uuid))?.cluster.operation).toEqual(a.cluster.operation)
  })

  it('keeps a cluster from other projects unless the scope is all projects', async () => {
    const owner = newProject()
    const other = newProject()
    const a = await created(owner)

    expect(await repo.get(own(other), a.cluster.uuid)).toBeUndefined()
    expect(uuids(await repo.list(own(other)))).not.toContain(a.cluster.uuid)
    expect(await repo.get(admin(other), a.cluster.uuid)).toEqual(a)
    const everywhere = await repo.list(admin(other))
    expect(everywhere.find((x) => x.cluster.uuid === a.cluster.uuid)).toEqual(a)
  })

  it("lists a project's clusters completely, each with only its own nodegroups", async () => {
    const p = newProject()
    const template = await newTemplate(p)
    // uuids sharing all but their last character: a prefix match alone would mix them up.
    const base = crypto.randomUUID().slice(0, 35)
    const all: ClusterAggregate[] = []
    for (const last of ['0', '1', '2', '3']) {
      all.push(await created(p, { uuid: `${base}${last}` }, template))
    }

    expect(await repo.list(own(p))).toEqual(all)
    for (const a of all) expect(await repo.get(own(p), a.cluster.uuid)).toEqual(a)
    expect(await repo.list(own(newProject()))).toEqual([])
  })

  it('lets exactly one of two saves from the same version win', async () => {
    const a = await created(newProject())
    const { cluster } = a

    const results = await Promise.allSettled([
      repo.save({ ...cluster, name: 'first' }),
      repo.save({ ...cluster, name: 'second' }),
    ])

    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r) => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost[0]?.status === 'rejected' && lost[0].reason).toBeInstanceOf(ConcurrentUpdateError)
    const stored = await repo.get(own(cluster.project_id), cluster.uuid)
    expect(stored?.cluster.version).toBe(2)
    expect(won[0]?.status === 'fulfilled' && won[0].value).toEqual(stored)
  })

  it('saves only from one of the given statuses', async () => {
    const a = await created(newProject())
    const c = a.cluster
    const complete = { ...c, status: 'CREATE_COMPLETE' as const }

    await expect(repo.save(complete, [], ['UPDATE_IN_PROGRESS'])).rejects.toBeInstanceOf(
      ConcurrentUpdateError
    )
    await expect(repo.save(complete, [], [])).rejects.toBeInstanceOf(ConcurrentUpdateError)
    const saved = await repo.save(complete, [], ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'])
    expect(saved.cluster).toMatchObject({ status: 'CREATE_COMPLETE', version: 2 })
    // The stored status moved on, so the same gate now refuses.
    await expect(
      repo.save({ ...saved.cluster, status: 'CREATE_FAILED' }, [], ['CREATE_IN_PROGRESS'])
    ).rejects.toBeInstanceOf(ConcurrentUpdateError)
  })

  it('writes nodegroups with the cluster: inserts at 0, updates from their own version', async () => {
    const a = await created(newProject())
    const worker = a.nodegroups[1]
    if (!worker) throw new Error('fixture has a worker')
    const extra = nodeGroupOf(a.cluster, { name: 'gpu' })

    const saved = await repo.save(a.cluster, [{ ...worker, node_count: 5 }, extra])

    expect(saved.cluster.version).toBe(2)
    expect(saved.nodegroups.map((n) => [n.name, n.node_count, n.record_version])).toEqual([
      ['default-master', 1, 1],
      ['default-worker', 5, 2],
      ['gpu', 1, 1],
    ])
    expect(await repo.get(own(a.cluster.project_id), a.cluster.uuid)).toEqual(saved)

    // A stale nodegroup fails the whole save: the cluster does not move either.
    await expect(repo.save(saved.cluster, [{ ...worker, node_count: 7 }])).rejects.toBeInstanceOf(
      ConcurrentUpdateError
    )
    await expect(repo.save(saved.cluster, [extra])).rejects.toBeInstanceOf(ConcurrentUpdateError)
    expect(await repo.get(own(a.cluster.project_id), a.cluster.uuid)).toEqual(saved)
  })

  it('finds in-progress clusters across projects, and stops once they are complete', async () => {
    const one = await created(newProject())
    const two = await created(newProject(), { status: 'UPDATE_IN_PROGRESS' })
    const done = await created(newProject(), { status: 'CREATE_COMPLETE' })
    const inProgress = ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'] as const

    const found = await repo.listByStatus(inProgress)
    expect(uuids(found)).toEqual(expect.arrayContaining([one.cluster.uuid, two.cluster.uuid]))
    expect(uuids(found)).not.toContain(done.cluster.uuid)
    expect(found.find((x) => x.cluster.uuid === one.cluster.uuid)).toEqual(one)

    await repo.save({ ...one.cluster, status: 'CREATE_COMPLETE' })
    const later = uuids(await repo.listByStatus(inProgress))
    expect(later).not.toContain(one.cluster.uuid)
    expect(later).toContain(two.cluster.uuid)
    expect(uuids(await repo.listByStatus(['CREATE_COMPLETE']))).toEqual(
      expect.arrayContaining([one.cluster.uuid, done.cluster.uuid])
    )
  })

  it('moves the template reference when a save changes the template', async () => {
    const p = newProject()
    const from = await newTemplate(p)
    const to = await newTemplate(p)
    const a = await created(p, {}, from)

    await expect(
      repo.save({ ...a.cluster, cluster_template_id: crypto.randomUUID() })
    ).rejects.toBeInstanceOf(NotFoundError)
    await repo.save({ ...a.cluster, cluster_template_id: to.uuid })

    expect(await templates.referenceCount(from.uuid)).toBe(0)
    expect(await templates.referenceCount(to.uuid)).toBe(1)
  })

  it('fails loudly on a corrupt cluster or nodegroup item', async () => {
    const p = newProject()
    const a = await created(p)
    const [master] = a.nodegroups
    if (!master) throw new Error('fixture has a master')
    const b = await created(p)
    const put = (Item: Record<string, unknown>) => ddb.db.put({ TableName: TABLE, Item })
    try {
      await put({ ...toNodeGroupItem(master), node_count: -1 })
      await expect(repo.get(own(p), a.cluster.uuid)).rejects.toBeInstanceOf(CorruptItemError)

      await put({ ...toClusterItem(b.cluster), status: 'BUSY' })
      await expect(repo.get(own(p), b.cluster.uuid)).rejects.toBeInstanceOf(CorruptItemError)
      await expect(repo.list(own(p))).rejects.toBeInstanceOf(CorruptItemError)
      await expect(repo.list(admin(p))).rejects.toBeInstanceOf(CorruptItemError)
    } finally {
      // The table is shared by the other tests, whose all-projects reads would fail too.
      await put(toNodeGroupItem(master))
      await put(toClusterItem(b.cluster))
    }
  })

  it('reads only with Get and Query, never Scan', async () => {
    const p = newProject()
    const a = await created(p)
    const sent = await commandsOf(async () => {
      await repo.get(admin(newProject()), a.cluster.uuid)
      await repo.list(own(p))
      await repo.list(admin(p))
      await repo.listByStatus(['CREATE_IN_PROGRESS'])
      await repo.usage(p)
    })
    expect([...new Set(sent)].sort()).toEqual(['GetItem', 'Query'])
  })
})

const toKey = (k: { PK: string; SK: string }) => ({ PK: { S: k.PK }, SK: { S: k.SK } })
