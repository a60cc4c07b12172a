import { type DynamoDb, isConditionalCheckFailed } from '@berth/aws/dynamodb'
import {
  ConcurrentUpdateError,
  ConflictError,
  InvalidError,
  NotFoundError,
} from '@berth/core/errors'
import {
  type Quota,
  type QuotaResource,
  QuotaSchema,
  type StoredQuota,
  StoredQuotaSchema,
} from '@berth/core/quotas/model'
import type { QuotaRepository } from '@berth/core/quotas/repository'
import * as z from 'zod/mini'
import { asStoreError, CorruptItemError } from './errors'
import {
  and,
  attributeExists,
  attributeNotExists,
  conditionFields,
  equals,
  updateFields,
} from './expression'
import {
  allQuotasQuery,
  Label,
  projectQuotasQuery,
  quotaIndexKeys,
  quotaKey,
  sequenceKey,
} from './keys'
import { queryAll } from './query'
import { ALL_KEY_ATTRIBUTES, TABLE_KEYS } from './table'

export const QUOTA_ENTITY = 'Quota'
const ENTITY = 'entityType'
const SEQUENCE_NEXT = 'next'

const toItem = (q: StoredQuota): Record<string, unknown> => ({
  ...quotaKey(q.project_id, q.resource),
  ...quotaIndexKeys(q.project_id, q.resource),
  [ENTITY]: QUOTA_ENTITY,
  ...q,
})

const STORE_ONLY: ReadonlySet<string> = new Set([...ALL_KEY_ATTRIBUTES, ENTITY])

const fromItem = (item: Record<string, unknown>): StoredQuota => {
  const what = `quota ${String(item.PK ?? '?')}/${String(item.SK ?? '?')}`
  if (item[ENTITY] !== QUOTA_ENTITY) throw new CorruptItemError(what)
  const record = Object.fromEntries(Object.entries(item).filter(([k]) => !STORE_ONLY.has(k)))
  const parsed = StoredQuotaSchema.safeParse(record)
  if (!parsed.success) throw new CorruptItemError(what, { cause: parsed.error })
  const key = quotaKey(parsed.data.project_id, parsed.data.resource)
  if (item.PK !== key.PK || item.SK !== key.SK) throw new CorruptItemError(what)
  return parsed.data
}

const byId = (a: StoredQuota, b: StoredQuota) => a.id - b.id

const notFound = (projectId: string, resource: string) =>
  new NotFoundError(`Quota for project ${projectId} and resource ${resource} could not be found.`)

/**
 * Quotas in the single table: one item per project and resource, listed per project from the
 * table or across projects from the QUOTA partition of GSI2. Ids come from a Sequence item.
 * @example
 * const quotas = new DynamoQuotaRepository(db, config.BERTH_TABLE_NAME)
 * const limit = (await quotas.get(projectId, 'Cluster'))?.hard_limit ?? defaultLimit
 */
export class DynamoQuotaRepository implements QuotaRepository {
  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string
  ) {}

  async get(projectId: string, resource: QuotaResource): Promise<StoredQuota | undefined> {
    try {
      const out = await this.db.get({
        TableName: this.tableName,
        Key: quotaKey(projectId, resource),
        ConsistentRead: true,
      })
      return out.Item ? fromItem(out.Item) : undefined
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async list(projectId: string | undefined): Promise<StoredQuota[]> {
    try {
      const q = projectId === undefined ? allQuotasQuery() : projectQuotasQuery(projectId)
      const items = await queryAll(this.db, this.tableName, q, { consistentRead: true })
      return items.map(fromItem).sort(byId)
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async create(quota: Omit<Quota, 'id'>): Promise<StoredQuota> {
    const parsed = z.omit(QuotaSchema, { id: true }).safeParse(quota)
    if (!parsed.success) throw new InvalidError(`invalid quota: ${parsed.error.message}`)
    const { project_id, resource } = parsed.data
    try {
      // An id spent on a refused insert leaves a gap, as an autoincrement column would.
      const id = await this.nextId()
      const stored: StoredQuota = { ...parsed.data, id, version: 1 }
      await this.db.put({
        TableName: this.tableName,
        Item: toItem(stored),
        ...conditionFields(attributeNotExists(TABLE_KEYS.partitionKey)),
      })
      return stored
    } catch (e) {
      if (isConditionalCheckFailed(e)) {
        throw new ConflictError(
          `Quota for project ${project_id} already exists for resource ${resource}.`
        )
      }
      throw asStoreError(e)
    }
  }

  async update(quota: StoredQuota): Promise<StoredQuota> {
    const parsed = StoredQuotaSchema.safeParse(quota)
    if (!parsed.success) throw new InvalidError(`invalid quota: ${parsed.error.message}`)
    const next = { ...parsed.data, version: parsed.data.version + 1 }
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: toItem(next),
        // The id names the row in Magnum's API; a replacement must keep it.
        ...conditionFields(
          and(
            attributeExists(TABLE_KEYS.partitionKey),
            equals('version', quota.version),
            equals('id', quota.id)
          )
        ),
      })
      return next
    } catch (e) {
      if (isConditionalCheckFailed(e)) {
        throw new ConcurrentUpdateError(`Quota ${quota.project_id}/${quota.resource}`)
      }
      throw asStoreError(e)
    }
  }

  async delete(projectId: string, resource: QuotaResource): Promise<void> {
    try {
      await this.db.delete({
        TableName: this.tableName,
        Key: quotaKey(projectId, resource),
        ...conditionFields(attributeExists(TABLE_KEYS.partitionKey)),
      })
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw notFound(projectId, resource)
      throw asStoreError(e)
    }
  }

  private async nextId(): Promise<number> {
    const out = await this.db.update({
      TableName: this.tableName,
      Key: sequenceKey(Label.Quota),
      ...updateFields({ add: { [SEQUENCE_NEXT]: 1 } }),
      ReturnValues: 'UPDATED_NEW',
    })
    const id = out.Attributes?.[SEQUENCE_NEXT]
    if (typeof id !== 'number') throw new CorruptItemError('quota sequence')
    return id
  }
}
