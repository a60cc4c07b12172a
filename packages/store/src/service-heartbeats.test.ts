import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTable } from './migrate'
import { DynamoServiceRegistry } from './service-heartbeats'
import { tableIsUp } from './table-probe'
import { startTestDynamo, type TestDynamo } from './test-dynamodb'

const TABLE = 'berth-services'
let ddb: TestDynamo

beforeAll(async () => {
  ddb = await startTestDynamo()
  await ensureTable(ddb.db, TABLE)
}, 60_000)
afterAll(async () => {
  await ddb?.stop()
})

describe('DynamoServiceRegistry', { timeout: 30_000 }, () => {
  it('creates a record with an id on the first report and counts the later ones', async () => {
    let now = new Date('2026-01-01T00:00:00Z')
    const services = new DynamoServiceRegistry(ddb.db, TABLE, { now: () => now })
    await Promise.all([
      services.heartbeat({ binary: 'berth-api', host: 'h1' }),
      services.heartbeat({ binary: 'berth-api', host: 'h1' }),
      services.heartbeat({ binary: 'berth-reconciler', host: 'h1', reportInterval: 60 }),
    ])
    now = new Date('2026-01-01T00:01:00Z')
    await services.heartbeat({ binary: 'berth-api', host: 'h1' })
    const rows = await services.list()
    expect(rows).toHaveLength(2)
    const api = rows.find((r) => r.binary === 'berth-api')
    const reconciler = rows.find((r) => r.binary === 'berth-reconciler')
    expect(api).toMatchObject({
      host: 'h1',
      report_count: 3,
      disabled: false,
      disabled_reason: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:01:00.000Z',
      report_interval: null,
    })
    expect(reconciler).toMatchObject({ report_count: 1, report_interval: 60 })
    expect(new Set(rows.map((r) => r.id)).size).toBe(2)
    expect(rows.every((r) => Number.isInteger(r.id) && r.id > 0)).toBe(true)
  })

  it('says whether the table is up', async () => {
    expect(await tableIsUp(ddb.db, TABLE)).toBe(true)
    expect(await tableIsUp(ddb.db, 'no-such-table')).toBe(false)
  })
})
