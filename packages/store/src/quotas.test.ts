import { randomUUID } from 'node:crypto'
import { ConcurrentUpdateError, ConflictError, NotFoundError } from '@berth/core/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CorruptItemError } from './errors'
import { quotaKey } from './keys'
import { ensureTable } from './migrate'
import { DynamoQuotaRepository } from './quotas'
import { startTestDynamo, type TestDynamo } from './test-dynamodb'

const TABLE = 'berth-quotas'
let ddb: TestDynamo
let repo: DynamoQuotaRepository

beforeAll(async () => {
  ddb = await startTestDynamo()
  await ensureTable(ddb.db, TABLE)
  repo = new DynamoQuotaRepository(ddb.db, TABLE)
}, 60_000)
afterAll(async () => {
  await ddb?.stop()
})

const newProject = () => `project-${randomUUID()}`
const quotaOf = (project_id: string, hard_limit = 5) => ({
  project_id,
  resource: 'Cluster' as const,
  hard_limit,
  created_at: '2025-01-01T00:00:00+00:00',
  updated_at: null,
})

describe('DynamoQuotaRepository', { timeout: 30_000 }, () => {
  it('creates quotas with increasing ids and reads them back', async () => {
    const p = newProject()
    const a = await repo.create(quotaOf(p, 3))
    const b = await repo.create(quotaOf(newProject()))

    expect(a).toMatchObject({ project_id: p, hard_limit: 3, version: 1 })
    expect(b.id).toBeGreaterThan(a.id)
    expect(await repo.get(p, 'Cluster')).toEqual(a)
    expect(await repo.get(newProject(), 'Cluster')).toBeUndefined()
  })

  it('refuses a second quota for the same project and resource', async () => {
    const p = newProject()
    await repo.create(quotaOf(p))
    await expect(repo.create(quotaOf(p, 9))).rejects.toBeInstanceOf(ConflictError)
    expect((await repo.get(p, 'Cluster'))?.hard_limit).toBe(5)
  })

  it('lists one project’s quotas or every project’s, by id', async () => {
    const p = newProject()
    const mine = await repo.create(quotaOf(p))
    const theirs = await repo.create(quotaOf(newProject()))

    expect(await repo.list(p)).toEqual([mine])
    const all = await repo.list(undefined)
    expect(all).toEqual(expect.arrayContaining([mine, theirs]))
    expect(all.map((q) => q.id)).toEqual([...all.map((q) => q.id)].sort((x, y) => x - y))
  })

  it('updates from the current version only, keeping the id', async () => {
    const q = await repo.create(quotaOf(newProject()))
    const updated = await repo.update({ ...q, hard_limit: 10, updated_at: q.created_at })

    expect(updated).toEqual({ ...q, hard_limit: 10, updated_at: q.created_at, version: 2 })
    expect(await repo.get(q.project_id, 'Cluster')).toEqual(updated)
    await expect(repo.update({ ...q, hard_limit: 1 })).rejects.toBeInstanceOf(ConcurrentUpdateError)
    await expect(repo.update({ ...updated, id: updated.id + 1000 })).rejects.toBeInstanceOf(
      ConcurrentUpdateError
    )
  })

  it('deletes a quota, and says when there is none', async () => {
    const q = await repo.create(quotaOf(newProject()))
    await repo.delete(q.project_id, 'Cluster')
    expect(await repo.get(q.project_id, 'Cluster')).toBeUndefined()
    await expect(repo.delete(q.project_id, 'Cluster')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('fails loudly on a corrupt quota item', async () => {
    const p = newProject()
    await ddb.db.put({
      TableName: TABLE,
      Item: { ...quotaKey(p, 'Cluster'), entityType: 'Quota', ...quotaOf(p), hard_limit: -1 },
    })
    await expect(repo.get(p, 'Cluster')).rejects.toBeInstanceOf(CorruptItemError)
  })
})
