/**
 * The single DynamoDB table: its physical shape, shared by the store, the local runtime
 * (which creates or migrates it on DynamoDB Local) and sst.config.ts (which declares it on AWS).
 * Index names are generic; the access pattern each serves is said beside it.
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

export const GLOBAL_INDEXES: readonly IndexDefinition[] = [
  {
    name: 'GSI1',
    partitionKey: 'GSI1PK',
    sortKey: 'GSI1SK',
    accessPattern: 'an entity by its uuid, whatever its project (admin and public lookups)',
  },
  {
    name: 'GSI2',
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    accessPattern: 'collections across projects: public templates, all templates/clusters for admins',
  },
  {
    name: 'GSI3',
    partitionKey: 'GSI3PK',
    sortKey: 'GSI3SK',
    accessPattern: 'references: clusters using a cluster template',
  },
] as const

/** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes the item after it. */
export const TTL_ATTRIBUTE = 'expiresAt'

export const ALL_KEY_ATTRIBUTES: readonly string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...GLOBAL_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
]
