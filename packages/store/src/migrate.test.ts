import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTable, TableShapeError } from './migrate'
import { GLOBAL_INDEXES, TTL_ATTRIBUTE } from './table'
import { startTestDynamo, type TestDynamo } from './test-dynamodb'

let ddb: TestDynamo
beforeAll(async () => {
  ddb = await startTestDynamo()
}, 60_000)
afterAll(async () => {
  await ddb?.stop()
})

const describeTable = async (name: string) =>
  (await ddb.db.describeTable({ TableName: name })).Table

const ttlOf = async (name: string) =>
  (await ddb.db.describeTimeToLive({ TableName: name })).TimeToLiveDescription

describe('ensureTable', { timeout: 30_000 }, () => {
  it('creates a missing table with every index, on demand, with TTL on', async () => {
    const lines: string[] = []
    const result = await ensureTable(ddb.db, 'create-me', (l) => lines.push(l))

    expect(result).toEqual({ created: true, addedIndexes: [], ttlEnabled: true })
    const table = await describeTable('create-me')
    expect(table?.TableStatus).toBe('ACTIVE')
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST')
    expect(table?.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`)).toEqual([
      'PK:HASH',
      'SK:RANGE',
    ])
    const indexes = (table?.GlobalSecondaryIndexes ?? []).map((i) => ({
      name: i.IndexName,
      keys: i.KeySchema?.map((k) => k.AttributeName),
      projection: i.Projection?.ProjectionType,
      status: i.IndexStatus,
    }))
    expect(indexes.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
      GLOBAL_INDEXES.map((i) => ({
        name: i.name,
        keys: [i.partitionKey, i.sortKey],
        projection: 'ALL',
        status: 'ACTIVE',
      }))
    )
    expect(await ttlOf('create-me')).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: TTL_ATTRIBUTE,
    })
    expect(lines.some((l) => l.includes('creating table create-me'))).toBe(true)
  })

  it('does nothing when run again', async () => {
    await ensureTable(ddb.db, 'twice')
    const before = await describeTable('twice')
    const lines: string[] = []

    const result = await ensureTable(ddb.db, 'twice', (l) => lines.push(l))

    expect(result).toEqual({ created: false, addedIndexes: [], ttlEnabled: false })
    expect(lines).toEqual([])
    const after = await describeTable('twice')
    expect(after?.CreationDateTime).toEqual(before?.CreationDateTime)
    expect(after?.GlobalSecondaryIndexes?.length).toBe(GLOBAL_INDEXES.length)
  })

  it('tolerates two processes creating the same table at once', async () => {
    const results = await Promise.all([ensureTable(ddb.db, 'raced'), ensureTable(ddb.db, 'raced')])
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect((await describeTable('raced'))?.GlobalSecondaryIndexes?.length).toBe(
      GLOBAL_INDEXES.length
    )
  })

  it('adds the indexes an older table lacks, backfilling existing items, and enables TTL', async () => {
    const [first, ...missing] = GLOBAL_INDEXES
    if (!first) throw new Error('no indexes declared')
    await ddb.db.createTable({
      TableName: 'older',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['PK', 'SK', first.partitionKey, first.sortKey].map((a) => ({
        AttributeName: a,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: first.name,
          KeySchema: [
            { AttributeName: first.partitionKey, KeyType: 'HASH' },
            { AttributeName: first.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    })
    const last = GLOBAL_INDEXES[GLOBAL_INDEXES.length - 1]
    if (!last) throw new Error('no indexes declared')
    await ddb.db.put({
      TableName: 'older',
      Item: { PK: 'P', SK: 'S', [last.partitionKey]: 'SET', [last.sortKey]: 'ONE' },
    })

    const result = await ensureTable(ddb.db, 'older')

    expect(result).toEqual({
      created: false,
      addedIndexes: missing.map((i) => i.name),
      ttlEnabled: true,
    })
    const table = await describeTable('older')
    expect(table?.GlobalSecondaryIndexes?.map((i) => i.IndexStatus)).toEqual(
      GLOBAL_INDEXES.map(() => 'ACTIVE')
    )
    const found = await ddb.db.query({
      TableName: 'older',
      IndexName: last.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': last.partitionKey },
      ExpressionAttributeValues: { ':pk': 'SET' },
    })
    expect(found.Items?.map((i) => i.PK)).toEqual(['P'])
    expect(await ensureTable(ddb.db, 'older')).toEqual({
      created: false,
      addedIndexes: [],
      ttlEnabled: false,
    })
  })

  it('refuses a table keyed differently instead of using it', async () => {
    await ddb.db.createTable({
      TableName: 'foreign',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    })
    await expect(ensureTable(ddb.db, 'foreign')).rejects.toBeInstanceOf(TableShapeError)
  })
})
