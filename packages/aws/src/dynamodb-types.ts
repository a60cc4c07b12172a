/**
 * The parts of DynamoDB's API (version 2012-08-10) Berth uses, as the document client takes
 * and returns them: items, keys and expression values are plain values (strings, numbers,
 * booleans, null, lists, maps, byte arrays, sets), marshalled on the way. Anything DynamoDB
 * returns raw — the old item of a failed condition, CancellationReasons — is an
 * {@link AttributeValue} map.
 */

/** One attribute as DynamoDB's JSON spells it; exactly one field is set. */
export interface AttributeValue {
  S?: string
  /** Numbers travel as strings, so no precision is lost on the way. */
  N?: string
  /** Base64. */
  B?: string
  BOOL?: boolean
  NULL?: boolean
  L?: AttributeValue[]
  M?: Record<string, AttributeValue>
  SS?: string[]
  NS?: string[]
  BS?: string[]
}

export type RawItem = Record<string, AttributeValue>
/** An item or key as the document client takes and returns it. */
export type Item = Record<string, unknown>

interface Expressions {
  ConditionExpression?: string
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, unknown>
}

type OnConditionFailure = { ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE' }

export interface GetInput {
  TableName: string
  Key: Item
  ConsistentRead?: boolean
  ProjectionExpression?: string
  ExpressionAttributeNames?: Record<string, string>
}

export interface GetOutput {
  Item?: Item
}

export interface PutInput extends Expressions, OnConditionFailure {
  TableName: string
  Item: Item
  ReturnValues?: 'NONE' | 'ALL_OLD'
}

export interface UpdateInput extends Expressions, OnConditionFailure {
  TableName: string
  Key: Item
  UpdateExpression: string
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW'
}

export interface DeleteInput extends Expressions, OnConditionFailure {
  TableName: string
  Key: Item
  ReturnValues?: 'NONE' | 'ALL_OLD'
}

/** Put, update and delete answer with the attributes ReturnValues asked for, if any. */
export interface WriteOutput {
  Attributes?: Item
}

export interface QueryInput {
  TableName: string
  IndexName?: string
  KeyConditionExpression: string
  FilterExpression?: string
  ProjectionExpression?: string
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, unknown>
  ConsistentRead?: boolean
  ScanIndexForward?: boolean
  Limit?: number
  ExclusiveStartKey?: Item
}

export interface QueryOutput {
  Items: Item[]
  Count: number
  /** Present when there may be more: the next page starts after it. */
  LastEvaluatedKey?: Item
}

export interface ConditionCheckInput extends Expressions, OnConditionFailure {
  TableName: string
  Key: Item
  ConditionExpression: string
}

/** One action of a transaction: exactly one of the fields. */
export interface TransactWriteItem {
  Put?: PutInput
  Update?: UpdateInput
  Delete?: DeleteInput
  ConditionCheck?: ConditionCheckInput
}

export interface TransactWriteInput {
  TransactItems: TransactWriteItem[]
  /** Makes resends of the same transaction within 10 minutes idempotent. */
  ClientRequestToken?: string
}

/** Why DynamoDB cancelled one action of a transaction ("None" for the actions that were fine). */
export interface CancellationReason {
  Code?: string
  Message?: string
  /** The item as it was, when the action asked for ALL_OLD on condition failure. */
  Item?: RawItem
}

// Table management (migrate.ts, table-probe.ts).

export type KeyType = 'HASH' | 'RANGE'
export type ScalarAttributeType = 'S' | 'N' | 'B'

export interface KeySchemaElement {
  AttributeName: string
  KeyType: KeyType
}

export interface AttributeDefinition {
  AttributeName: string
  AttributeType: ScalarAttributeType
}

export interface ProvisionedThroughput {
  ReadCapacityUnits: number
  WriteCapacityUnits: number
}

export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'
  NonKeyAttributes?: string[]
}

export interface GlobalSecondaryIndex {
  IndexName: string
  KeySchema: KeySchemaElement[]
  Projection: Projection
  ProvisionedThroughput?: ProvisionedThroughput
}

export interface CreateTableInput {
  TableName: string
  AttributeDefinitions: AttributeDefinition[]
  KeySchema: KeySchemaElement[]
  BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST'
  ProvisionedThroughput?: ProvisionedThroughput
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[]
}

export interface UpdateTableInput {
  TableName: string
  AttributeDefinitions?: AttributeDefinition[]
  GlobalSecondaryIndexUpdates?: { Create?: GlobalSecondaryIndex; Delete?: { IndexName: string } }[]
}

export type TableStatus =
  | 'CREATING'
  | 'UPDATING'
  | 'DELETING'
  | 'ACTIVE'
  | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'
  | 'ARCHIVING'
  | 'ARCHIVED'

/** The parts of DescribeTable's answer Berth reads; DynamoDB sends more. */
export interface TableDescription {
  TableName?: string
  TableStatus?: TableStatus
  /** Seconds since the epoch. */
  CreationDateTime?: number
  KeySchema?: KeySchemaElement[]
  AttributeDefinitions?: AttributeDefinition[]
  BillingModeSummary?: { BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST' }
  ProvisionedThroughput?: Partial<ProvisionedThroughput>
  GlobalSecondaryIndexes?: {
    IndexName?: string
    KeySchema?: KeySchemaElement[]
    IndexStatus?: 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE'
    Projection?: Projection
    ProvisionedThroughput?: Partial<ProvisionedThroughput>
  }[]
}

export interface TableOutput {
  TableDescription?: TableDescription
}

export interface DescribeTableOutput {
  Table?: TableDescription
}

export interface TimeToLiveDescription {
  TimeToLiveStatus?: 'ENABLING' | 'DISABLING' | 'ENABLED' | 'DISABLED'
  AttributeName?: string
}

export interface TimeToLiveSpecification {
  AttributeName: string
  Enabled: boolean
}
