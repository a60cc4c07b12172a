import type { DynamoDb } from '@berth/aws/dynamodb'

/**
 * Whether the table answers and is usable (ACTIVE, or UPDATING while an index is added): what
 * /v1/mservices reports as the table's state. Any error counts as down.
 * @example
 * const up = await tableIsUp(db, config.BERTH_TABLE_NAME)
 */
export const tableIsUp = async (db: DynamoDb, tableName: string): Promise<boolean> => {
  try {
    const out = await db.describeTable({ TableName: tableName })
    const status = out.Table?.TableStatus
    return status === 'ACTIVE' || status === 'UPDATING'
  } catch {
    return false
  }
}
