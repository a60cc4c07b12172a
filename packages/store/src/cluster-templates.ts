import { conditionFailedItem, type DynamoDb, isConditionalCheckFailed } from '@berth/aws/dynamodb'
import {
  type StoredClusterTemplate,
  StoredClusterTemplateSchema,
} from '@berth/core/cluster-templates/model'
import type {
  ClusterTemplateRepository,
  TenantScope,
} from '@berth/core/cluster-templates/repository'
import {
  ConcurrentUpdateError,
  ConflictError,
  InvalidError,
  TemplateReferencedError,
} from '@berth/core/errors'
import {
  CLUSTER_TEMPLATE_ENTITY,
  fromTemplateItem,
  refCountOf,
  TemplateAttr,
  toTemplateItem,
} from './cluster-template-item'
import { asStoreError } from './errors'
import {
  and,
  attributeExists,
  attributeNotExists,
  conditionFields,
  equals,
  or,
  updateFields,
} from './expression'
import {
  allClusterTemplatesQuery,
  clusterTemplateByUuidQuery,
  clusterTemplateIndexKeys,
  clusterTemplateKey,
  type PartitionQuery,
  PUBLIC_SET_ATTRIBUTES,
  projectClusterTemplatesQuery,
  publicClusterTemplatesQuery,
} from './keys'
import { queryAll } from './query'
import { TABLE_KEYS } from './table'
import { rawNumber } from './transact'

/** The named conditions template writes are made of. */
const when = {
  absent: attributeNotExists(TABLE_KEYS.partitionKey),
  present: attributeExists(TABLE_KEYS.partitionKey),
  versionIs: (v: number) => equals(TemplateAttr.version, v),
  unreferenced: or(attributeNotExists(TemplateAttr.refCount), equals(TemplateAttr.refCount, 0)),
}

const what = (uuid: string) => `ClusterTemplate ${uuid}`

const byCreation = (a: StoredClusterTemplate, b: StoredClusterTemplate) =>
  a.created_at.localeCompare(b.created_at) || a.uuid.localeCompare(b.uuid)

const validated = (t: StoredClusterTemplate): StoredClusterTemplate => {
  const parsed = StoredClusterTemplateSchema.safeParse(t)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new InvalidError(`invalid cluster template: ${issues.join('; ')}`)
  }
  return parsed.data
}

export interface DynamoClusterTemplateRepositoryOptions {
  /** Items per Query page; only tests set it, to make every list cross page boundaries. */
  queryPageSize?: number
}

/**
 * Cluster templates in the single table. Every key derives from the caller's scope: its own
 * project partition, the sparse public set, or (allProjects) the all-templates collection.
 * Own-project reads are strongly consistent; reads through a GSI are eventually consistent, so
 * another project's template may show a flag change a moment late.
 * @example
 * const repo = new DynamoClusterTemplateRepository(db, config.BERTH_TABLE_NAME)
 * const mine = await repo.listCandidates({ projectId: principal.projectId, allProjects: false })
 */
export class DynamoClusterTemplateRepository implements ClusterTemplateRepository {
  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string,
    private readonly options: DynamoClusterTemplateRepositoryOptions = {}
  ) {}

  private query(q: PartitionQuery) {
    return queryAll(this.db, this.tableName, q, {
      consistentRead: true,
      ...(this.options.queryPageSize ? { pageSize: this.options.queryPageSize } : {}),
    })
  }

  async listCandidates(scope: TenantScope): Promise<StoredClusterTemplate[]> {
    try {
      if (scope.allProjects) {
        return (await this.query(allClusterTemplatesQuery())).map(fromTemplateItem).sort(byCreation)
      }
      const [publicItems, ownItems] = await Promise.all([
        this.query(publicClusterTemplatesQuery()),
        this.query(projectClusterTemplatesQuery(scope.projectId)),
      ])
      const found = new Map<string, StoredClusterTemplate>()
      for (const t of publicItems.map(fromTemplateItem)) if (t.public) found.set(t.uuid, t)
      // Own items last: the table's consistent copy beats a possibly stale index copy.
      for (const t of ownItems.map(fromTemplateItem)) found.set(t.uuid, t)
      return [...found.values()].sort(byCreation)
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async getByUuid(scope: TenantScope, uuid: string): Promise<StoredClusterTemplate | undefined> {
    try {
      const own = await this.db.get({
        TableName: this.tableName,
        Key: clusterTemplateKey(scope.projectId, uuid),
        ConsistentRead: true,
      })
      if (own.Item) return fromTemplateItem(own.Item)
      const elsewhere = scope.allProjects
        ? clusterTemplateByUuidQuery(uuid)
        : publicClusterTemplatesQuery(uuid)
      const items = (await this.query(elsewhere)).map(fromTemplateItem)
      return items.find((t) => t.uuid === uuid && (scope.allProjects || t.public))
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async create(template: StoredClusterTemplate): Promise<void> {
    const t = { ...validated(template), version: 1 }
    const conflict = new ConflictError(`A ClusterTemplate with UUID ${t.uuid} already exists.`)
    try {
      // The conditional put guards this project's partition atomically; uuids are unique
      // across projects too, which only the by-uuid index can tell.
      if ((await this.query(clusterTemplateByUuidQuery(t.uuid))).length > 0) throw conflict
      await this.db.put({
        TableName: this.tableName,
        Item: toTemplateItem(t),
        ...conditionFields(when.absent),
      })
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw conflict
      throw asStoreError(e)
    }
  }

  async update(template: StoredClusterTemplate): Promise<StoredClusterTemplate> {
    const t = validated(template)
    // uuid and project_id are the key; everything else is rewritten, refCount is left alone.
    const { uuid, project_id, version, ...fields } = t
    try {
      const out = await this.db.update({
        TableName: this.tableName,
        Key: clusterTemplateKey(project_id, uuid),
        ...updateFields(
          {
            set: {
              ...fields,
              ...clusterTemplateIndexKeys(project_id, uuid, t.public),
              [TemplateAttr.entity]: CLUSTER_TEMPLATE_ENTITY,
              [TemplateAttr.version]: version + 1,
            },
            // Leaving the public set happens in the same write as the flag flip.
            remove: t.public ? [] : PUBLIC_SET_ATTRIBUTES,
          },
          and(when.present, when.versionIs(version))
        ),
        ReturnValues: 'ALL_NEW',
      })
      if (!out.Attributes) throw new Error('UpdateItem returned no attributes')
      return fromTemplateItem(out.Attributes)
    } catch (e) {
      // A changed version and a vanished item are both a concurrent change to re-read.
      if (isConditionalCheckFailed(e)) throw new ConcurrentUpdateError(what(uuid))
      throw asStoreError(e)
    }
  }

  async delete(template: StoredClusterTemplate): Promise<void> {
    const key = clusterTemplateKey(template.project_id, template.uuid)
    try {
      await this.db.delete({
        TableName: this.tableName,
        Key: key,
        ...conditionFields(and(when.versionIs(template.version), when.unreferenced)),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      })
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw asStoreError(e)
      // Which part failed decides the error: a stale version first (the caller re-reads, and
      // then learns about references), references only when the version still matched.
      const old = conditionFailedItem(e)
      if (!old || rawNumber(old, TemplateAttr.version) !== template.version) {
        throw new ConcurrentUpdateError(what(template.uuid))
      }
      throw new TemplateReferencedError(template.uuid)
    }
  }

  async referenceCount(uuid: string): Promise<number> {
    try {
      const items = await this.query(clusterTemplateByUuidQuery(uuid))
      return refCountOf(items[0])
    } catch (e) {
      throw asStoreError(e)
    }
  }
}
