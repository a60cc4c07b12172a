import type { CredentialSource } from './credentials'
import { marshallItem, unmarshallItem } from './dynamodb-marshall'
import type {
  CancellationReason,
  CreateTableInput,
  DeleteInput,
  DescribeTableOutput,
  GetInput,
  GetOutput,
  Item,
  PutInput,
  QueryInput,
  QueryOutput,
  RawItem,
  TableOutput,
  TimeToLiveDescription,
  TimeToLiveSpecification,
  TransactWriteInput,
  TransactWriteItem,
  UpdateInput,
  UpdateTableInput,
  WriteOutput,
} from './dynamodb-types'
import { AwsServiceError, isAwsError } from './errors'
import { AwsJsonClient, type AwsMiddleware, type JsonObject } from './json-client'

export interface DynamoDbOptions {
  region: string
  /** DynamoDB Local or another compatible server; absent ⇒ AWS in `region`. */
  endpoint?: string | undefined
  /** Absent ⇒ the environment's (a Lambda's role). */
  credentials?: CredentialSource | undefined
  /** Attempts per request, the first included. Defaults to 3. */
  maxAttempts?: number | undefined
  /** Milliseconds one attempt may take. */
  timeoutMs?: number | undefined
}

const values = (v: Record<string, unknown> | undefined) =>
  v === undefined ? {} : { ExpressionAttributeValues: marshallItem(v) }

/** Input fields that hold plain values, marshalled; every other field goes as it is. */
const wire = <T extends { Key?: Item; Item?: Item; ExpressionAttributeValues?: Item }>(
  input: T
): JsonObject => ({
  ...input,
  ...(input.Key ? { Key: marshallItem(input.Key) } : {}),
  ...(input.Item ? { Item: marshallItem(input.Item) } : {}),
  ...values(input.ExpressionAttributeValues),
})

const transactItem = (i: TransactWriteItem): JsonObject => ({
  ...(i.Put ? { Put: wire(i.Put) } : {}),
  ...(i.Update ? { Update: wire(i.Update) } : {}),
  ...(i.Delete ? { Delete: wire(i.Delete) } : {}),
  ...(i.ConditionCheck ? { ConditionCheck: wire(i.ConditionCheck) } : {}),
})

const attributes = (out: { Attributes?: RawItem }): WriteOutput =>
  out.Attributes ? { Attributes: unmarshallItem(out.Attributes) } : {}

/**
 * DynamoDB with plain values, like the SDK's document client, over the JSON protocol: the item
 * operations Berth uses and the table management its migration needs.
 * @example
 * const db = new DynamoDb({ region: 'eu-west-1' })
 * const { Item } = await db.get({ TableName: 'berth', Key: { PK: 'p', SK: 's' } })
 */
export class DynamoDb {
  readonly client: AwsJsonClient

  constructor(options: DynamoDbOptions) {
    this.client = new AwsJsonClient({
      service: 'dynamodb',
      targetPrefix: 'DynamoDB_20120810',
      jsonVersion: '1.0',
      ...options,
    })
  }

  /** Middleware sees the wire form: marshalled input, raw output. */
  use(middleware: AwsMiddleware): () => void {
    return this.client.use(middleware)
  }

  async get(input: GetInput): Promise<GetOutput> {
    const out = await this.client.call<{ Item?: RawItem }>('GetItem', wire(input))
    return out.Item ? { Item: unmarshallItem(out.Item) } : {}
  }

  async put(input: PutInput): Promise<WriteOutput> {
    return attributes(await this.client.call('PutItem', wire(input)))
  }

  async update(input: UpdateInput): Promise<WriteOutput> {
    return attributes(await this.client.call('UpdateItem', wire(input)))
  }

  async delete(input: DeleteInput): Promise<WriteOutput> {
    return attributes(await this.client.call('DeleteItem', wire(input)))
  }

  /** One page; follow LastEvaluatedKey for the rest. */
  async query(input: QueryInput): Promise<QueryOutput> {
    const { ExclusiveStartKey: start, ...rest } = input
    const out = await this.client.call<{
      Items?: RawItem[]
      Count?: number
      LastEvaluatedKey?: RawItem
    }>('Query', { ...wire(rest), ...(start ? { ExclusiveStartKey: marshallItem(start) } : {}) })
    const Items = (out.Items ?? []).map(unmarshallItem)
    return {
      Items,
      Count: out.Count ?? Items.length,
      ...(out.LastEvaluatedKey ? { LastEvaluatedKey: unmarshallItem(out.LastEvaluatedKey) } : {}),
    }
  }

  /** All actions or none; a cancellation is a TransactionCanceledException (see cancellationReasons). */
  async transactWrite(input: TransactWriteInput): Promise<void> {
    await this.client.call('TransactWriteItems', {
      ...input,
      TransactItems: input.TransactItems.map(transactItem),
    })
  }

  createTable(input: CreateTableInput): Promise<TableOutput> {
    return this.client.call('CreateTable', input)
  }

  updateTable(input: UpdateTableInput): Promise<TableOutput> {
    return this.client.call('UpdateTable', input)
  }

  describeTable(input: { TableName: string }): Promise<DescribeTableOutput> {
    return this.client.call('DescribeTable', input)
  }

  describeTimeToLive(input: {
    TableName: string
  }): Promise<{ TimeToLiveDescription?: TimeToLiveDescription }> {
    return this.client.call('DescribeTimeToLive', input)
  }

  updateTimeToLive(input: {
    TableName: string
    TimeToLiveSpecification: TimeToLiveSpecification
  }): Promise<{ TimeToLiveSpecification?: TimeToLiveSpecification }> {
    return this.client.call('UpdateTimeToLive', input)
  }
}

/** A write's condition was false. */
export const isConditionalCheckFailed = (e: unknown): e is AwsServiceError =>
  isAwsError(e, 'ConditionalCheckFailedException')

/** A transaction was cancelled; nothing of it was applied. */
export const isTransactionCanceled = (e: unknown): e is AwsServiceError =>
  isAwsError(e, 'TransactionCanceledException')

const isRawItem = (v: unknown): v is RawItem =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The item as it was when a condition failed, raw, if the write asked for ALL_OLD. */
export const conditionFailedItem = (e: AwsServiceError): RawItem | undefined =>
  isRawItem(e.body.Item) ? e.body.Item : undefined

/** Why each action of a cancelled transaction failed, in the order the actions were sent. */
export const cancellationReasons = (e: AwsServiceError): CancellationReason[] => {
  const reasons = e.body.CancellationReasons
  if (!Array.isArray(reasons)) return []
  return reasons.map((r: unknown): CancellationReason => {
    if (typeof r !== 'object' || r === null) return {}
    const { Code, Message, Item } = r as Record<string, unknown>
    return {
      ...(typeof Code === 'string' ? { Code } : {}),
      ...(typeof Message === 'string' ? { Message } : {}),
      ...(isRawItem(Item) ? { Item } : {}),
    }
  })
}

/** A transaction cancellation as the store's tests and fakes make them. */
export const transactionCanceled = (reasons: CancellationReason[]): AwsServiceError =>
  new AwsServiceError({
    name: 'TransactionCanceledException',
    message: `Transaction cancelled [${reasons.map((r) => r.Code ?? 'None').join(', ')}]`,
    status: 400,
    body: { CancellationReasons: reasons },
    retryable: false,
    target: 'DynamoDB_20120810.TransactWriteItems',
  })
