import { type DynamoDb, isConditionalCheckFailed } from '@berth/aws/dynamodb'
import type { TenantScope } from '@berth/core/cluster-templates/repository'
import {
  ConcurrentUpdateError,
  ConflictError,
  InvalidError,
  NotFoundError,
} from '@berth/core/errors'
import {
  type Federation,
  type StoredFederation,
  StoredFederationSchema,
} from '@berth/core/federations/model'
import type { FederationRepository } from '@berth/core/federations/repository'
import { asStoreError, CorruptItemError } from './errors'
import { and, attributeExists, attributeNotExists, conditionFields, equals } from './expression'
import {
  allFederationsQuery,
  federationByUuidQuery,
  federationIndexKeys,
  federationKey,
  projectFederationsQuery,
} from './keys'
import { queryAll } from './query'
import { ALL_KEY_ATTRIBUTES, TABLE_KEYS } from './table'

export const FEDERATION_ENTITY = 'Federation'
const ENTITY = 'entityType'
const STORE_ONLY: ReadonlySet<string> = new Set([...ALL_KEY_ATTRIBUTES, ENTITY])

const toItem = (f: StoredFederation): Record<string, unknown> => ({
  ...federationKey(f.project_id, f.uuid),
  ...federationIndexKeys(f.project_id, f.uuid),
  [ENTITY]: FEDERATION_ENTITY,
  ...f,
})

const fromItem = (item: Record<string, unknown>): StoredFederation => {
  const what = `federation ${String(item.PK ?? '?')}/${String(item.SK ?? '?')}`
  if (item[ENTITY] !== FEDERATION_ENTITY) throw new CorruptItemError(what)
  const record = Object.fromEntries(Object.entries(item).filter(([k]) => !STORE_ONLY.has(k)))
  const parsed = StoredFederationSchema.safeParse(record)
  if (!parsed.success) throw new CorruptItemError(what, { cause: parsed.error })
  return parsed.data
}

const valid = (f: StoredFederation): StoredFederation => {
  const parsed = StoredFederationSchema.safeParse(f)
  if (!parsed.success) throw new InvalidError(`invalid federation: ${parsed.error.message}`)
  return parsed.data
}

const byCreation = (a: StoredFederation, b: StoredFederation) =>
  a.created_at.localeCompare(b.created_at) || a.uuid.localeCompare(b.uuid)

/**
 * Federations in the single table: per project in its partition, across projects in the
 * FEDERATION partition of GSI2, by uuid through GSI1. Writes are conditional on the version.
 * @example
 * const repo = new DynamoFederationRepository(db, config.BERTH_TABLE_NAME)
 */
export class DynamoFederationRepository implements FederationRepository {
  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string
  ) {}

  private async read(projectId: string, uuid: string): Promise<StoredFederation | undefined> {
    const out = await this.db.get({
      TableName: this.tableName,
      Key: federationKey(projectId, uuid),
      ConsistentRead: true,
    })
    return out.Item ? fromItem(out.Item) : undefined
  }

  async get(scope: TenantScope, uuid: string): Promise<StoredFederation | undefined> {
    try {
      const own = await this.read(scope.projectId, uuid)
      if (own || !scope.allProjects) return own
      for (const hit of await queryAll(this.db, this.tableName, federationByUuidQuery(uuid))) {
        const found = await this.read(fromItem(hit).project_id, uuid)
        if (found) return found
      }
      return undefined
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async list(scope: TenantScope): Promise<StoredFederation[]> {
    try {
      const q = scope.allProjects ? allFederationsQuery() : projectFederationsQuery(scope.projectId)
      const items = await queryAll(this.db, this.tableName, q, { consistentRead: true })
      return items.map(fromItem).sort(byCreation)
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async create(federation: Federation): Promise<StoredFederation> {
    const stored = valid({ ...federation, version: 1 })
    try {
      if ((await queryAll(this.db, this.tableName, federationByUuidQuery(stored.uuid))).length) {
        throw new ConflictError(`A federation with UUID ${stored.uuid} already exists.`)
      }
      await this.db.put({
        TableName: this.tableName,
        Item: toItem(stored),
        ...conditionFields(attributeNotExists(TABLE_KEYS.partitionKey)),
      })
      return stored
    } catch (e) {
      if (isConditionalCheckFailed(e)) {
        throw new ConflictError(`A federation with UUID ${stored.uuid} already exists.`)
      }
      throw asStoreError(e)
    }
  }

  async update(federation: StoredFederation): Promise<StoredFederation> {
    const current = valid(federation)
    const next = { ...current, version: current.version + 1 }
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: toItem(next),
        ...conditionFields(
          and(attributeExists(TABLE_KEYS.partitionKey), equals('version', current.version))
        ),
      })
      return next
    } catch (e) {
      if (isConditionalCheckFailed(e)) {
        throw new ConcurrentUpdateError(`Federation ${current.uuid}`)
      }
      throw asStoreError(e)
    }
  }

  async delete(federation: StoredFederation): Promise<void> {
    try {
      await this.db.delete({
        TableName: this.tableName,
        Key: federationKey(federation.project_id, federation.uuid),
        ...conditionFields(
          and(attributeExists(TABLE_KEYS.partitionKey), equals('version', federation.version))
        ),
      })
    } catch (e) {
      if (isConditionalCheckFailed(e)) {
        const still = await this.read(federation.project_id, federation.uuid).catch(() => undefined)
        if (!still) throw new NotFoundError(`Federation ${federation.uuid} could not be found.`)
        throw new ConcurrentUpdateError(`Federation ${federation.uuid}`)
      }
      throw asStoreError(e)
    }
  }
}
