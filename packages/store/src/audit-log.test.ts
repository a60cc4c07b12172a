import { randomUUID } from 'node:crypto'
import { type AuditRecord, CADF_EVENT } from '@berth/core/audit/model'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoAuditLog } from './audit-log'
import { auditKey } from './keys'
import { ensureTable } from './migrate'
import { startTestDynamo, type TestDynamo } from './test-dynamodb'

const TABLE = 'berth-audit'
let ddb: TestDynamo
let audit: DynamoAuditLog

beforeAll(async () => {
  ddb = await startTestDynamo()
  await ensureTable(ddb.db, TABLE)
  audit = new DynamoAuditLog(ddb.db, TABLE, { retentionDays: 30, pageSize: 2 })
}, 60_000)
afterAll(async () => {
  await ddb?.stop()
})

const record = (project_id: string, second: number): AuditRecord => ({
  id: randomUUID(),
  typeURI: CADF_EVENT,
  eventType: 'activity',
  event_type: 'magnum.cluster.create',
  action: 'create',
  outcome: 'pending',
  eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  project_id,
  request_id: `req-${second}`,
  initiator: { typeURI: 'service/security/account/user', id: 'u', project_id },
  target: { typeURI: 'service/magnum/cluster', id: 'c' },
  observer: { typeURI: 'service/magnum/cluster', id: 'berth-api' },
})

describe('DynamoAuditLog', { timeout: 30_000 }, () => {
  it('reads a project’s records newest first, page by page, and no one else’s', async () => {
    const p = `p-${randomUUID()}`
    const mine = [1, 5, 3, 2, 4].map((s) => record(p, s))
    for (const r of mine) await audit.append(r)
    await audit.append(record(`p-${randomUUID()}`, 6))

    const seen: string[] = []
    let marker: string | undefined
    for (let i = 0; i < 5; i++) {
      const page = await audit.list({ projectId: p, limit: 2, marker })
      seen.push(...page.records.map((r) => r.request_id ?? ''))
      marker = page.next
      if (!marker) break
    }
    expect(seen).toEqual(['req-5', 'req-4', 'req-3', 'req-2', 'req-1'])
    const window = await audit.list({
      projectId: p,
      limit: 10,
      since: '2026-01-01T00:00:02.000Z',
      until: '2026-01-01T00:00:04.000Z',
    })
    expect(window.records.map((r) => r.request_id)).toEqual(['req-4', 'req-3', 'req-2'])
    expect(window.next).toBeUndefined()
  })

  it('reads every project’s records through the index, and sets the retention TTL', async () => {
    const r = record(`p-${randomUUID()}`, 59)
    r.eventTime = '2099-01-01T00:00:00.000Z'
    await audit.append(r)
    const page = await audit.list({ projectId: undefined, limit: 1 })
    expect(page.records).toEqual([r])
    const item = await ddb.db.get({
      TableName: TABLE,
      Key: auditKey(r.project_id, r.eventTime, r.id),
    })
    expect(item.Item?.expiresAt).toBe(Date.parse('2099-01-31T00:00:00Z') / 1000)
  })
})
