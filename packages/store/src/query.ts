import type { DynamoDb } from '@berth/aws/dynamodb'
import { Placeholders } from './expression'
import type { PartitionQuery } from './keys'

export interface QueryOptions {
  /** Strongly consistent read; only the table supports it, never a GSI. */
  consistentRead?: boolean
  /** Items per request; unset lets DynamoDB fill 1 MB pages. Small values exercise paging. */
  pageSize?: number
}

const keyCondition = (q: PartitionQuery, p: Placeholders): string => {
  const pk = `${p.name(q.partitionKeyAttribute)} = ${p.value(q.partitionKey)}`
  if (!q.sortKey) return pk
  const sk = p.name(q.sortKeyAttribute)
  if ('equals' in q.sortKey) return `${pk} AND ${sk} = ${p.value(q.sortKey.equals)}`
  return `${pk} AND begins_with(${sk}, ${p.value(q.sortKey.beginsWith)})`
}

/**
 * Every item of one partition query, following LastEvaluatedKey to the end, so callers get
 * complete sets and no DynamoDB key ever leaves the store.
 * @example
 * const items = await queryAll(db, 'berth', projectClusterTemplatesQuery('p1'))
 */
export const queryAll = async (
  db: DynamoDb,
  tableName: string,
  query: PartitionQuery,
  options: QueryOptions = {}
): Promise<Record<string, unknown>[]> => {
  const p = new Placeholders()
  const KeyConditionExpression = keyCondition(query, p)
  const items: Record<string, unknown>[] = []
  let startKey: Record<string, unknown> | undefined
  do {
    const out = await db.query({
      TableName: tableName,
      ...(query.index ? { IndexName: query.index } : {}),
      KeyConditionExpression,
      ...p.attributes(),
      ...(options.consistentRead && !query.index ? { ConsistentRead: true } : {}),
      ...(options.pageSize ? { Limit: options.pageSize } : {}),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    })
    items.push(...out.Items)
    startKey = out.LastEvaluatedKey
  } while (startKey)
  return items
}
