import type { RawItem } from '@berth/aws/dynamodb-types'
import type { StoredClusterTemplate } from '@berth/core/cluster-templates/model'
import type { ClusterAggregate } from '@berth/core/clusters/model'
import { ConcurrentUpdateError, NotFoundError } from '@berth/core/errors'
import { describe, expect, it } from 'vitest'
import {
  admin,
  aggregateOf,
  asCreated,
  newProject,
  nodeGroupOf,
  own,
  quotaFor,
} from './cluster-fixtures'
import { toClusterItem, toNodeGroupItem } from './cluster-item'
import { DynamoClusterRepository } from './clusters'
import { CorruptItemError } from './errors'
import { clusterKey } from './keys'
import { useClusterTable } from './test-cluster-table'
import { operationsOf } from './test-dynamodb'

const TABLE = 'berth-clusters'
// Two items per page: every list below crosses page boundaries.
const store = useClusterTable(TABLE, { queryPageSize: 2 })

const created = async (
  projectId: string,
  overrides: Parameters<typeof aggregateOf>[2] = {},
  template?: StoredClusterTemplate
): Promise<ClusterAggregate> => {
  const a = aggregateOf(template ?? (await store.newTemplate(projectId)), projectId, overrides)
  await store.repo.create(a, a.cluster.cluster_template_project_id, quotaFor(a))
  return asCreated(a)
}

const uuids = (as: ClusterAggregate[]) => as.map((a) => a.cluster.uuid)

const commandsOf = (fn: () => Promise<unknown>) => operationsOf(store.ddb.db, fn)

describe('DynamoClusterRepository: reads and saves', { timeout: 30_000 }, () => {
  it('reads a created cluster back whole, with its nodegroups, in one Query', async () => {
    const p = newProject()
    const a = await created(p)

    // Unpaged here: the small test pages would split the one Query into requests.
    const unpaged = new DynamoClusterRepository(store.ddb.db, TABLE)
    let got: ClusterAggregate | undefined
    const sent = await commandsOf(async () => (got = await unpaged.get(own(p), a.cluster.uuid)))
    expect(sent).toEqual(['Query'])
    expect(got).toEqual(a)
    expect(got?.nodegroups.map((n) => n.name)).toEqual(['default-master', 'default-worker'])
  })

  it('stores the sealed credential and the operation as maps, not strings', async () => {
    const p = newProject()
    const a = await created(p)
    const raw = await store.ddb.db.client.call<{ Item?: RawItem }>('GetItem', {
      TableName: TABLE,
      Key: toKey(clusterKey(p, a.cluster.uuid)),
    })
    expect(raw.Item?.credential?.M?.sealed_secret?.S).toBe(a.cluster.credential?.sealed_secret)
    expect(raw.Item?.operation?.M?.params?.M?.nested?.M).toBeDefined()
    expect((await store.repo.get(own(p), a.cluster.uuid))?.cluster.operation).toEqual(
      a.cluster.operation
    )
  })

  it('keeps a cluster from other projects unless the scope is all projects', async () => {
    const owner = newProject()
    const other = newProject()
    const a = await created(owner)

    expect(await store.repo.get(own(other), a.cluster.uuid)).toBeUndefined()
    expect(uuids(await store.repo.list(own(other)))).not.toContain(a.cluster.uuid)
    expect(await store.repo.get(admin(other), a.cluster.uuid)).toEqual(a)
    const everywhere = await store.repo.list(admin(other))
    expect(everywhere.find((x) => x.cluster.uuid === a.cluster.uuid)).toEqual(a)
  })

  it("lists a project's clusters completely, each with only its own nodegroups", async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    // uuids sharing all but their last character: a prefix match alone would mix them up.
    const base = crypto.randomUUID().slice(0, 35)
    const all: ClusterAggregate[] = []
    for (const last of ['0', '1', '2', '3']) {
      all.push(await created(p, { uuid: `${base}${last}` }, template))
    }

    expect(await store.repo.list(own(p))).toEqual(all)
    for (const a of all) expect(await store.repo.get(own(p), a.cluster.uuid)).toEqual(a)
    expect(await store.repo.list(own(newProject()))).toEqual([])
  })

  it('lets exactly one of two saves from the same version win', async () => {
    const a = await created(newProject())
    const { cluster } = a

    const results = await Promise.allSettled([
      store.repo.save({ ...cluster, name: 'first' }),
      store.repo.save({ ...cluster, name: 'second' }),
    ])

    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r) => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost[0]?.status === 'rejected' && lost[0].reason).toBeInstanceOf(ConcurrentUpdateError)
    const stored = await store.repo.get(own(cluster.project_id), cluster.uuid)
    expect(stored?.cluster.version).toBe(2)
    expect(won[0]?.status === 'fulfilled' && won[0].value).toEqual(stored)
  })

  it('saves only from one of the given statuses', async () => {
    const a = await created(newProject())
    const c = a.cluster
    const complete = { ...c, status: 'CREATE_COMPLETE' as const }

    await expect(store.repo.save(complete, [], ['UPDATE_IN_PROGRESS'])).rejects.toBeInstanceOf(
      ConcurrentUpdateError
    )
    await expect(store.repo.save(complete, [], [])).rejects.toBeInstanceOf(ConcurrentUpdateError)
    const saved = await store.repo.save(complete, [], ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'])
    expect(saved.cluster).toMatchObject({ status: 'CREATE_COMPLETE', version: 2 })
    // The stored status moved on, so the same gate now refuses.
    await expect(
      store.repo.save({ ...saved.cluster, status: 'CREATE_FAILED' }, [], ['CREATE_IN_PROGRESS'])
    ).rejects.toBeInstanceOf(ConcurrentUpdateError)
  })

  it('writes nodegroups with the cluster: inserts at 0, updates from their own version', async () => {
    const a = await created(newProject())
    const worker = a.nodegroups[1]
    if (!worker) throw new Error('fixture has a worker')
    const extra = nodeGroupOf(a.cluster, { name: 'gpu' })

    const saved = await store.repo.save(a.cluster, [{ ...worker, node_count: 5 }, extra])

    expect(saved.cluster.version).toBe(2)
    expect(saved.nodegroups.map((n) => [n.name, n.node_count, n.record_version])).toEqual([
      ['default-master', 1, 1],
      ['default-worker', 5, 2],
      ['gpu', 1, 1],
    ])
    expect(await store.repo.get(own(a.cluster.project_id), a.cluster.uuid)).toEqual(saved)

    // A stale nodegroup fails the whole save: the cluster does not move either.
    await expect(
      store.repo.save(saved.cluster, [{ ...worker, node_count: 7 }])
    ).rejects.toBeInstanceOf(ConcurrentUpdateError)
    await expect(store.repo.save(saved.cluster, [extra])).rejects.toBeInstanceOf(
      ConcurrentUpdateError
    )
    expect(await store.repo.get(own(a.cluster.project_id), a.cluster.uuid)).toEqual(saved)
  })

  it('finds in-progress clusters across projects, and stops once they are complete', async () => {
    const one = await created(newProject())
    const two = await created(newProject(), { status: 'UPDATE_IN_PROGRESS' })
    const done = await created(newProject(), { status: 'CREATE_COMPLETE' })
    const inProgress = ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'] as const

    const found = await store.repo.listByStatus(inProgress)
    expect(uuids(found)).toEqual(expect.arrayContaining([one.cluster.uuid, two.cluster.uuid]))
    expect(uuids(found)).not.toContain(done.cluster.uuid)
    expect(found.find((x) => x.cluster.uuid === one.cluster.uuid)).toEqual(one)

    await store.repo.save({ ...one.cluster, status: 'CREATE_COMPLETE' })
    const later = uuids(await store.repo.listByStatus(inProgress))
    expect(later).not.toContain(one.cluster.uuid)
    expect(later).toContain(two.cluster.uuid)
    expect(uuids(await store.repo.listByStatus(['CREATE_COMPLETE']))).toEqual(
      expect.arrayContaining([one.cluster.uuid, done.cluster.uuid])
    )
  })

  it('moves the template reference when a save changes the template', async () => {
    const p = newProject()
    const from = await store.newTemplate(p)
    const to = await store.newTemplate(p)
    const a = await created(p, {}, from)

    await expect(
      store.repo.save({ ...a.cluster, cluster_template_id: crypto.randomUUID() })
    ).rejects.toBeInstanceOf(NotFoundError)
    await store.repo.save({ ...a.cluster, cluster_template_id: to.uuid })

    expect(await store.templates.referenceCount(from.uuid)).toBe(0)
    expect(await store.templates.referenceCount(to.uuid)).toBe(1)
  })

  it('fails loudly on a corrupt cluster or nodegroup item', async () => {
    const p = newProject()
    const a = await created(p)
    const [master] = a.nodegroups
    if (!master) throw new Error('fixture has a master')
    const b = await created(p)
    const put = (Item: Record<string, unknown>) => store.ddb.db.put({ TableName: TABLE, Item })
    try {
      await put({ ...toNodeGroupItem(master), node_count: -1 })
      await expect(store.repo.get(own(p), a.cluster.uuid)).rejects.toBeInstanceOf(CorruptItemError)

      await put({ ...toClusterItem(b.cluster), status: 'BUSY' })
      await expect(store.repo.get(own(p), b.cluster.uuid)).rejects.toBeInstanceOf(CorruptItemError)
      await expect(store.repo.list(own(p))).rejects.toBeInstanceOf(CorruptItemError)
      await expect(store.repo.list(admin(p))).rejects.toBeInstanceOf(CorruptItemError)
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
      await store.repo.get(admin(newProject()), a.cluster.uuid)
      await store.repo.list(own(p))
      await store.repo.list(admin(p))
      await store.repo.listByStatus(['CREATE_IN_PROGRESS'])
      await store.repo.usage(p)
    })
    expect([...new Set(sent)].sort()).toEqual(['GetItem', 'Query'])
  })
})

const toKey = (k: { PK: string; SK: string }) => ({ PK: { S: k.PK }, SK: { S: k.SK } })
