/**
 * The single DynamoDB table: its physical shape, shared by the store, the local runtime
 * (which creates or migrates it on DynamoDB Local, see migrate.ts) and sst.config.ts (which
 * declares it on AWS through {@link sstTableArgs}). Index names are generic; the access pattern
 * each serves is said beside it, and keys.ts says which item types fill which index.
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
} as const

export interface IndexDefinition {
  name: string
  partitionKey: string
  sortKey: string
  /** What the index is for, written as the query it answers. */
  accessPattern: string
}

/**
 * An inverted index: GSI1PK is the entity's own key (`CLUSTERTEMPLATE#<uuid>`), GSI1SK its
 * owner (`PROJECT#<pid>`), so one entity is found by uuid without knowing its project.
 * Spread over as many partitions as there are entities, so heavy lookups stay cool.
 */
export const BY_UUID_INDEX = {
  name: 'GSI1',
  partitionKey: 'GSI1PK',
  sortKey: 'GSI1SK',
  accessPattern: 'an entity by its uuid, whatever its project (admin all-projects lookups)',
} as const satisfies IndexDefinition

/**
 * One partition per item type (GSI2PK = `CLUSTERTEMPLATE`), for admins' all-projects lists.
 * A single partition per type is fine for rarely written types; a busy type would shard it.
 */
export const COLLECTION_INDEX = {
  name: 'GSI2',
  partitionKey: 'GSI2PK',
  sortKey: 'GSI2SK',
  accessPattern: 'every item of one type across projects (admin all-projects lists)',
} as const satisfies IndexDefinition

/**
 * Sparse memberships: an item carries GSI3 attributes only while it belongs to the set, so the
 * index holds nothing else. Public templates (`PUBLIC#CLUSTERTEMPLATE`) now; clusters using a
 * template (`CLUSTERTEMPLATE#<uuid>`) next.
 */
export const MEMBERSHIP_INDEX = {
  name: 'GSI3',
  partitionKey: 'GSI3PK',
  sortKey: 'GSI3SK',
  accessPattern: 'sparse sets: public cluster templates; later, clusters using a cluster template',
} as const satisfies IndexDefinition

/** Every GSI, in creation order. All project ALL attributes: readers get whole items. */
export const GLOBAL_INDEXES: readonly IndexDefinition[] = [
  BY_UUID_INDEX,
  COLLECTION_INDEX,
  MEMBERSHIP_INDEX,
]

/** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes the item after it. */
export const TTL_ATTRIBUTE = 'expiresAt'

export const ALL_KEY_ATTRIBUTES: readonly string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...GLOBAL_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
]

/** The shape `new sst.aws.Dynamo(name, args)` takes, so SST declares exactly this table. */
export interface SstDynamoArgs {
  fields: Record<string, 'string'>
  primaryIndex: { hashKey: string; rangeKey: string }
  globalIndexes: Record<string, { hashKey: string; rangeKey: string; projection: 'all' }>
  ttl: string
}

/**
 * The table as sst.config.ts declares it.
 * @example
 * const { sstTableArgs } = await import('./packages/store/src/table')
 * const table = new sst.aws.Dynamo('Table', sstTableArgs())
 */
export const sstTableArgs = (): SstDynamoArgs => ({
  fields: Object.fromEntries(ALL_KEY_ATTRIBUTES.map((a) => [a, 'string' as const])),
  primaryIndex: { hashKey: TABLE_KEYS.partitionKey, rangeKey: TABLE_KEYS.sortKey },
  globalIndexes: Object.fromEntries(
    GLOBAL_INDEXES.map((i) => [
      i.name,
      { hashKey: i.partitionKey, rangeKey: i.sortKey, projection: 'all' as const },
    ])
  ),
  ttl: TTL_ATTRIBUTE,
})
