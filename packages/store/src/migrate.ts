import type { DynamoDb } from '@berth/aws/dynamodb'
import type {
  AttributeDefinition,
  GlobalSecondaryIndex,
  TableDescription,
} from '@berth/aws/dynamodb-types'
import { isAwsError } from '@berth/aws/errors'
import { GLOBAL_INDEXES, type IndexDefinition, TABLE_KEYS, TTL_ATTRIBUTE } from './table'

export interface EnsureTableResult {
  created: boolean
  /** GSIs added to an existing table, in order. */
  addedIndexes: string[]
  ttlEnabled: boolean
}

export class TableShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TableShapeError'
  }
}

const stringAttributes = (names: readonly string[]): AttributeDefinition[] =>
  names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' }))

const gsi = (i: IndexDefinition): GlobalSecondaryIndex => ({
  IndexName: i.name,
  KeySchema: [
    { AttributeName: i.partitionKey, KeyType: 'HASH' },
    { AttributeName: i.sortKey, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'ALL' },
})

const describe = async (db: DynamoDb, tableName: string) => {
  try {
    const out = await db.describeTable({ TableName: tableName })
    return out.Table
  } catch (e) {
    if (isAwsError(e, 'ResourceNotFoundException')) return undefined
    throw e
  }
}

const isActive = (t: TableDescription | undefined): t is TableDescription =>
  t?.TableStatus === 'ACTIVE' &&
  (t.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE')

/** Polls until the table and every GSI are ACTIVE (a new GSI backfills before it is usable). */
const waitActive = async (
  db: DynamoDb,
  tableName: string,
  timeoutMs: number
): Promise<TableDescription> => {
  const deadline = Date.now() + timeoutMs
  let delay = 100
  for (;;) {
    const table = await describe(db, tableName)
    if (isActive(table)) return table
    if (Date.now() > deadline) {
      throw new Error(`table ${tableName} not ACTIVE after ${timeoutMs} ms`)
    }
    await new Promise((r) => setTimeout(r, delay))
    delay = Math.min(delay * 2, 5_000)
  }
}

const checkKeys = (table: TableDescription, tableName: string) => {
  const keys = (table.KeySchema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',')
  const expected = `${TABLE_KEYS.partitionKey}:HASH,${TABLE_KEYS.sortKey}:RANGE`
  if (keys !== expected) {
    throw new TableShapeError(`table ${tableName} has key ${keys}, expected ${expected}`)
  }
  for (const existing of table.GlobalSecondaryIndexes ?? []) {
    const want = GLOBAL_INDEXES.find((i) => i.name === existing.IndexName)
    if (!want) continue
    const got = (existing.KeySchema ?? []).map((k) => k.AttributeName).join(',')
    if (got !== `${want.partitionKey},${want.sortKey}`) {
      // Index keys cannot change in place; silently serving a wrong index is worse than stopping.
      throw new TableShapeError(`index ${want.name} of ${tableName} is keyed on ${got}`)
    }
  }
}

/** Throughput for a new GSI: none on on-demand tables, the table's own on provisioned ones. */
const throughputFor = (table: TableDescription) =>
  table.BillingModeSummary?.BillingMode === 'PROVISIONED' ||
  (table.ProvisionedThroughput?.ReadCapacityUnits ?? 0) > 0
    ? {
        ProvisionedThroughput: {
          ReadCapacityUnits: table.ProvisionedThroughput?.ReadCapacityUnits ?? 1,
          WriteCapacityUnits: table.ProvisionedThroughput?.WriteCapacityUnits ?? 1,
        },
      }
    : {}

const ensureTtl = async (db: DynamoDb, tableName: string, log: (l: string) => void) => {
  const out = await db.describeTimeToLive({ TableName: tableName })
  const ttl = out.TimeToLiveDescription
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
    if (ttl.AttributeName !== TTL_ATTRIBUTE) {
      throw new TableShapeError(`table ${tableName} has TTL on ${ttl.AttributeName}`)
    }
    return false
  }
  log(`enabling TTL on ${tableName}.${TTL_ATTRIBUTE}`)
  try {
    await db.updateTimeToLive({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    })
  } catch (e) {
    // Another process starting at the same moment enabled it between our read and write.
    if (isAwsError(e, 'ValidationException') && /already enabled/i.test(e.message)) {
      return ensureTtl(db, tableName, log)
    }
    throw e
  }
  return true
}

/**
 * Brings the table to the shape table.ts declares: creates it (on demand, every GSI) when
 * missing, adds any missing GSI one at a time (DynamoDB allows one index creation per update),
 * waits for ACTIVE, and enables TTL. Safe to run on every start; a second process doing the
 * same at the same moment is tolerated.
 * @example
 * await ensureTable(db, config.BERTH_TABLE_NAME, (line) => logger.info(line))
 */
export const ensureTable = async (
  db: DynamoDb,
  tableName: string,
  log: (line: string) => void = () => {},
  options: { timeoutMs?: number } = {}
): Promise<EnsureTableResult> => {
  const timeoutMs = options.timeoutMs ?? 300_000
  let created = false
  let table = await describe(db, tableName)
  if (!table) {
    log(`creating table ${tableName}`)
    try {
      const keyAttributes = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]
      await db.createTable({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: stringAttributes([
          ...keyAttributes,
          ...GLOBAL_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
        ]),
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: GLOBAL_INDEXES.map(gsi),
      })
      created = true
    } catch (e) {
      // Another process created it first: fall through and wait for it like any other table.
      if (!isAwsError(e, 'ResourceInUseException')) throw e
    }
  }
  table = await waitActive(db, tableName, timeoutMs)
  checkKeys(table, tableName)

  const addedIndexes: string[] = []
  for (const index of GLOBAL_INDEXES) {
    if ((table.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === index.name)) continue
    log(`adding index ${index.name} to ${tableName}`)
    try {
      await db.updateTable({
        TableName: tableName,
        AttributeDefinitions: stringAttributes([index.partitionKey, index.sortKey]),
        GlobalSecondaryIndexUpdates: [{ Create: { ...gsi(index), ...throughputFor(table) } }],
      })
      addedIndexes.push(index.name)
    } catch (e) {
      // Another process may have added it meanwhile; anything else is a real failure.
      const now = await describe(db, tableName)
      if (!(now?.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === index.name)) throw e
    }
    table = await waitActive(db, tableName, timeoutMs)
  }

  const ttlEnabled = await ensureTtl(db, tableName, log)
  return { created, addedIndexes, ttlEnabled }
}
