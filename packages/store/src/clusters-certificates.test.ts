import type { ClusterCertificates } from '@berth/core/certificates/model'
import type { ClusterAggregate } from '@berth/core/clusters/model'
import { describe, expect, it } from 'vitest'
import { admin, aggregateOf, asCreated, newProject, own, quotaFor } from './cluster-fixtures'
import { toClusterItem } from './cluster-item'
import { clusterCertificatesKey, clusterKey } from './keys'
import { useClusterTable } from './test-cluster-table'

const TABLE = 'berth-cluster-certificates'
const store = useClusterTable(TABLE)

const sealed = (what: string) => ({ certificate: `CERT ${what}`, sealed_key: `SEALED ${what}` })
const certificatesOf = (operation: string): ClusterCertificates => ({
  kubernetes: sealed(`kubernetes ${operation}`),
  etcd: sealed(`etcd ${operation}`),
  front_proxy: sealed(`front_proxy ${operation}`),
  client: sealed(`client ${operation}`),
  key_algorithm: 'ECDSA-P256',
  generated_at: '2026-11-22T00:00:00+00:00',
  operation_id: operation,
  sealed_join_secret: 'SEALED join',
})

/** A stored cluster with no certificates yet, as create leaves it. */
const stored = async (): Promise<ClusterAggregate> => {
  const p = newProject()
  const a = aggregateOf(await store.newTemplate(p), p)
  await store.repo.create(a, p, quotaFor(a))
  return asCreated(a)
}

const rawItem = async (key: { PK: string; SK: string }) =>
  (await store.ddb.db.get({ TableName: TABLE, Key: key, ConsistentRead: true })).Item

/** What each transaction a call sends puts or deletes, by sort key. */
const writesOf = async (fn: () => Promise<unknown>): Promise<string[]> => {
  const keys: string[] = []
  const remove = store.ddb.db.use((call, next) => {
    if (call.operation === 'TransactWriteItems') {
      for (const t of call.input.TransactItems as Record<
        string,
        { Item?: { SK?: { S?: string } }; Key?: { SK?: { S?: string } } }
      >[]) {
        for (const [kind, body] of Object.entries(t))
          keys.push(`${kind} ${body.Item?.SK?.S ?? body.Key?.SK?.S}`)
      }
    }
    return next(call)
  })
  try {
    await fn()
    return keys
  } finally {
    remove()
  }
}

describe('DynamoClusterRepository: certificates in an item of their own', {
  timeout: 60_000,
}, () => {
  it('keeps them out of the cluster item (and so out of every GSI), and reads them back', async () => {
    const a = await stored()
    const certs = certificatesOf('op-1')
    const saved = await store.repo.save({ ...a.cluster, certificates: certs })
    const clusterItem = await rawItem(clusterKey(a.cluster.project_id, a.cluster.uuid))
    expect(clusterItem).toBeDefined()
    expect(clusterItem).not.toHaveProperty('certificates')
    const certItem = await rawItem(clusterCertificatesKey(a.cluster.project_id, a.cluster.uuid))
    expect(certItem).toMatchObject({ certificates: certs })
    expect(Object.keys(certItem ?? {}).filter((k) => k.startsWith('GSI'))).toEqual([])
    expect(saved.cluster.certificates).toEqual(certs)
    expect(
      (await store.repo.get(own(a.cluster.project_id), a.cluster.uuid))?.cluster.certificates
    ).toEqual(certs)
    const [listed] = await store.repo.list(own(a.cluster.project_id))
    expect(listed?.cluster.certificates).toEqual(certs)
    expect((await store.repo.get(admin('other'), a.cluster.uuid))?.cluster.certificates).toEqual(
      certs
    )
  })

  it('writes them only when they change', async () => {
    const a = await stored()
    const sk = clusterCertificatesKey(a.cluster.project_id, a.cluster.uuid).SK
    let c = (await store.repo.save({ ...a.cluster, certificates: certificatesOf('op-1') })).cluster
    const unchanged = await writesOf(async () => {
      c = (await store.repo.save({ ...c, status: 'UPDATE_IN_PROGRESS' })).cluster
    })
    expect(unchanged).toEqual([`Put ${clusterKey(a.cluster.project_id, a.cluster.uuid).SK}`])
    const rotated = await writesOf(async () => {
      c = (await store.repo.save({ ...c, certificates: certificatesOf('op-2') })).cluster
    })
    expect(rotated).toContain(`Put ${sk}`)
    expect(
      (await store.repo.get(own(c.project_id), c.uuid))?.cluster.certificates?.operation_id
    ).toBe('op-2')
  })

  it('moves certificates a cluster item still carries into their item on its next save', async () => {
    const a = await stored()
    const certs = certificatesOf('legacy')
    // As the table held them before certificates had an item: inline, on the cluster item.
    await store.ddb.db.put({
      TableName: TABLE,
      Item: { ...toClusterItem(a.cluster), certificates: certs },
    })
    const before = await store.repo.get(own(a.cluster.project_id), a.cluster.uuid)
    expect(before?.cluster.certificates).toEqual(certs)
    if (!before) throw new Error('no cluster')
    await store.repo.save({ ...before.cluster, status: 'UPDATE_IN_PROGRESS' })
    expect(await rawItem(clusterKey(a.cluster.project_id, a.cluster.uuid))).not.toHaveProperty(
      'certificates'
    )
    const after = await store.repo.get(own(a.cluster.project_id), a.cluster.uuid)
    expect(after?.cluster.certificates).toEqual(certs)
  })

  it('removes them with the cluster', async () => {
    const a = await stored()
    const saved = await store.repo.save({ ...a.cluster, certificates: certificatesOf('op-1') })
    await store.repo.delete(saved)
    expect(await store.itemsOf(a)).toEqual([])
  })
})
