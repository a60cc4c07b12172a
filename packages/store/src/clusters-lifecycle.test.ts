import { transactionCanceled } from '@berth/aws/dynamodb'
import type { ClusterAggregate } from '@berth/core/clusters/model'
import {
  ConcurrentUpdateError,
  ConflictError,
  InvalidError,
  NotFoundError,
  QuotaExceededError,
  TemplateReferencedError,
} from '@berth/core/errors'
import { describe, expect, it } from 'vitest'
import { aggregateOf, asCreated, newProject, nodeGroupOf, own, quotaFor } from './cluster-fixtures'
import { DynamoClusterRepository } from './clusters'
import { clustersUsingTemplateQuery, clusterTemplateKey } from './keys'
import { queryAll } from './query'
import { useClusterTable } from './test-cluster-table'

const TABLE = 'berth-cluster-lifecycle'
// Two items per page: every list below crosses page boundaries.
const store = useClusterTable(TABLE, { queryPageSize: 2 })

const create = async (a: ClusterAggregate, maxClusters = 20, maxNodes?: number) => {
  await store.repo.create(
    a,
    a.cluster.cluster_template_project_id,
    quotaFor(a, maxClusters, maxNodes)
  )
  return asCreated(a)
}

describe('DynamoClusterRepository: create, delete, quota, usage', { timeout: 60_000 }, () => {
  it('admits exactly K of N concurrent creates against a quota of K', async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    const N = 10
    const K = 3
    const attempts = Array.from({ length: N }, () => aggregateOf(template, p))

    const results = await Promise.allSettled(attempts.map((a) => create(a, K)))

    const admitted = results.filter((r) => r.status === 'fulfilled')
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    expect(admitted).toHaveLength(K)
    expect(refused).toHaveLength(N - K)
    for (const e of refused) {
      expect(e).toBeInstanceOf(QuotaExceededError)
      expect((e as Error).message).toContain(`Cluster quota exceeded for project ${p}`)
    }
    expect(await store.repo.usage(p)).toMatchObject({ clusters: K, nodes: K * 3 })
    expect(await store.repo.list(own(p))).toHaveLength(K)
    expect(await store.templates.referenceCount(template.uuid)).toBe(K)
  })

  it('refuses a cluster whose nodes would exceed the node quota, and admits one that fits', async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    await create(aggregateOf(template, p, {}, 4), 20, 8) // 5 nodes

    const tooBig = create(aggregateOf(template, p, {}, 3), 20, 8) // 4 more: 9 > 8
    await expect(tooBig).rejects.toBeInstanceOf(QuotaExceededError)
    await expect(tooBig).rejects.toThrow(/Node quota exceeded for project .*: 5 nodes in use/)
    await expect(create(aggregateOf(template, p, {}, 20), 20, 8)).rejects.toBeInstanceOf(
      QuotaExceededError
    )
    await create(aggregateOf(template, p, {}, 2), 20, 8) // 3 more: exactly 8
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 2, nodes: 8 })
  })

  it('refuses a missing template or a taken uuid and then writes nothing', async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    const orphan = aggregateOf({ ...template, uuid: crypto.randomUUID() }, p)

    await expect(create(orphan)).rejects.toThrow(
      new NotFoundError(`ClusterTemplate ${orphan.cluster.cluster_template_id} could not be found.`)
    )
    expect(await store.repo.get(own(p), orphan.cluster.uuid)).toBeUndefined()
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 0, nodes: 0 })

    const first = await create(aggregateOf(template, p))
    const again = aggregateOf(template, p, { uuid: first.cluster.uuid })
    await expect(create(again)).rejects.toBeInstanceOf(ConflictError)
    const elsewhere = newProject()
    const theirs = aggregateOf(await store.newTemplate(elsewhere), elsewhere, {
      uuid: first.cluster.uuid,
    })
    await expect(create(theirs)).rejects.toBeInstanceOf(ConflictError)
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 1, nodes: 3 })
    expect(await store.repo.usage(elsewhere)).toMatchObject({ clusters: 0, nodes: 0 })
  })

  it('keeps the template referenced while a cluster uses it', async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    const a = await create(aggregateOf(template, p))
    const using = await queryAll(store.ddb.db, TABLE, clustersUsingTemplateQuery(template.uuid))
    expect(using.map((i) => i.uuid)).toEqual([a.cluster.uuid])

    await expect(store.templates.delete(template)).rejects.toBeInstanceOf(TemplateReferencedError)
    await store.repo.delete(a)

    expect(await store.templates.referenceCount(template.uuid)).toBe(0)
    await store.templates.delete(template)
    expect(await store.templates.getByUuid(own(p), template.uuid)).toBeUndefined()
  })

  it('deletes a cluster with all its nodegroups and releases its usage', async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    const keep = await create(aggregateOf(template, p))
    const a = await create(aggregateOf(template, p))
    const grown = await store.repo.save(a.cluster, [nodeGroupOf(a.cluster, { node_count: 4 })])
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 2, nodes: 10 })

    await expect(store.repo.delete(a)).rejects.toBeInstanceOf(ConcurrentUpdateError)
    // The caller must have seen every nodegroup, or one would be left behind unseen.
    const partial = { ...grown, nodegroups: grown.nodegroups.slice(0, 2) }
    await expect(store.repo.delete(partial)).rejects.toBeInstanceOf(ConcurrentUpdateError)
    expect(await store.itemsOf(a)).toHaveLength(4)

    await store.repo.delete(grown)

    expect(await store.itemsOf(a)).toEqual([])
    expect(await store.repo.get(own(p), a.cluster.uuid)).toBeUndefined()
    expect(await store.repo.get(own(p), keep.cluster.uuid)).toEqual(keep)
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 1, nodes: 3 })
    expect(await store.templates.referenceCount(template.uuid)).toBe(1)
    await expect(store.repo.delete(grown)).rejects.toBeInstanceOf(ConcurrentUpdateError)
  })

  it('still deletes a cluster when its template count has drifted to zero', async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    const a = await create(aggregateOf(template, p))
    await store.ddb.db.update({
      TableName: TABLE,
      Key: clusterTemplateKey(p, template.uuid),
      UpdateExpression: 'SET refCount = :zero',
      ExpressionAttributeValues: { ':zero': 0 },
    })

    await store.repo.delete(a)

    expect(await store.itemsOf(a)).toEqual([])
    expect(await store.templates.referenceCount(template.uuid)).toBe(0)
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 0, nodes: 0 })
  })

  it('keeps usage in step with nodegroup node counts', async () => {
    const p = newProject()
    const a = await create(aggregateOf(await store.newTemplate(p), p)) // 1 master + 2 workers
    const [master, worker] = a.nodegroups
    if (!master || !worker) throw new Error('fixture has default nodegroups')

    let saved = await store.repo.save(a.cluster, [{ ...worker, node_count: 6 }])
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 1, nodes: 7 })

    const extra = nodeGroupOf(a.cluster, { node_count: 2 })
    saved = await store.repo.save(saved.cluster, [extra])
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 1, nodes: 9 })

    const resized = saved.nodegroups.find((n) => n.uuid === worker.uuid)
    if (!resized) throw new Error('worker is stored')
    saved = await store.repo.save(saved.cluster, [{ ...resized, node_count: 1 }])
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 1, nodes: 4 })

    const storedExtra = saved.nodegroups.find((n) => n.uuid === extra.uuid)
    if (!storedExtra) throw new Error('extra is stored')
    await expect(
      store.repo.deleteNodeGroup({ ...storedExtra, record_version: 9 })
    ).rejects.toBeInstanceOf(ConcurrentUpdateError)
    await expect(
      store.repo.deleteNodeGroup({ ...storedExtra, node_count: 1 })
    ).rejects.toBeInstanceOf(ConcurrentUpdateError)
    await store.repo.deleteNodeGroup(storedExtra)
    expect(await store.repo.usage(p)).toMatchObject({ clusters: 1, nodes: 2 })
    expect((await store.repo.get(own(p), a.cluster.uuid))?.nodegroups).toHaveLength(2)
    await expect(store.repo.deleteNodeGroup(storedExtra)).rejects.toBeInstanceOf(
      ConcurrentUpdateError
    )
    await expect(store.repo.deleteNodeGroup(master)).rejects.toThrow(
      new InvalidError('Deleting a default nodegroup is not supported.')
    )
  })

  it('resends a transaction cancelled by a conflict, and gives up after its attempts', async () => {
    const p = newProject()
    const template = await store.newTemplate(p)
    let conflicts = 1
    let writes = 0
    // In front of the client, as DynamoDB would answer: the transaction lost to another.
    const remove = store.ddb.db.use((call, next) => {
      if (call.operation !== 'TransactWriteItems') return next(call)
      writes++
      if (conflicts-- > 0) {
        throw transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }])
      }
      return next(call)
    })
    try {
      const a = await create(aggregateOf(template, p))
      expect(await store.repo.get(own(p), a.cluster.uuid)).toEqual(a)

      conflicts = Number.POSITIVE_INFINITY
      const fussy = new DynamoClusterRepository(store.ddb.db, TABLE, {
        transact: { attempts: 3, baseDelayMs: 1 },
      })
      const b = aggregateOf(template, p)
      await expect(fussy.create(b, p, quotaFor(b))).rejects.toBeInstanceOf(ConcurrentUpdateError)
      expect(writes).toBe(2 + 3)
    } finally {
      remove()
    }
  })
})
