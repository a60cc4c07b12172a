import type { DynamoDb } from '@berth/aws/dynamodb'
import type { QueryInput } from '@berth/aws/dynamodb-types'
import {
  type AuditLog,
  type AuditPage,
  type AuditQuery,
  type AuditRecord,
  AuditRecordSchema,
  auditCursor,
  parseAuditCursor,
} from '@berth/core/audit/model'
import { InvalidError } from '@berth/core/errors'
import { asStoreError, CorruptItemError } from './errors'
import { Placeholders } from './expression'
import { auditIndexKeys, auditKey, joinKey, Label, projectPk, SEPARATOR } from './keys'
import { ALL_KEY_ATTRIBUTES, COLLECTION_INDEX, TABLE_KEYS, TTL_ATTRIBUTE } from './table'

export const AUDIT_ENTITY = 'Audit'
const ENTITY = 'entityType'
const STORE_ONLY: ReadonlySet<string> = new Set([...ALL_KEY_ATTRIBUTES, ENTITY, TTL_ATTRIBUTE])

/** The sort key of a record: its time first, so a project's records sort by time. */
const sortKeyOf = (eventTime: string, id: string): string =>
  joinKey(Label.Audit, eventTime, Label.Event, id)

const fromItem = (item: Record<string, unknown>): AuditRecord => {
  const record = Object.fromEntries(Object.entries(item).filter(([k]) => !STORE_ONLY.has(k)))
  const parsed = AuditRecordSchema.safeParse(record)
  if (!parsed.success) {
    throw new CorruptItemError(`audit record ${String(item.SK ?? '?')}`, { cause: parsed.error })
  }
  return parsed.data
}

export interface DynamoAuditLogOptions {
  /** Records expire (DynamoDB TTL) this many days after they were made; 0 keeps them. */
  retentionDays: number
  /** Items per Query request; tests set it small to cross page boundaries. */
  pageSize?: number
}

/**
 * The audit trail in the single table: under the project's partition, sorted by time, and in
 * the AUDIT partition of GSI2 for admins' all-projects reads. Reads run newest first with a
 * key condition `SK BETWEEN lower AND upper`, whose upper bound is the cursor of the previous
 * page, so a cursor needs no project and no DynamoDB key leaves the store. Retention is the
 * table's TTL on `expiresAt`.
 * @example
 * const audit = new DynamoAuditLog(db, config.BERTH_TABLE_NAME, { retentionDays: 365 })
 * const page = await audit.list({ projectId, limit: 50 })
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string,
    private readonly options: DynamoAuditLogOptions
  ) {}

  async append(record: AuditRecord): Promise<void> {
    const parsed = AuditRecordSchema.safeParse(record)
    if (!parsed.success) throw new InvalidError(`invalid audit record: ${parsed.error.message}`)
    const r = parsed.data
    const days = this.options.retentionDays
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: {
          ...auditKey(r.project_id, r.eventTime, r.id),
          ...auditIndexKeys(r.eventTime, r.id),
          [ENTITY]: AUDIT_ENTITY,
          ...(days > 0
            ? { [TTL_ATTRIBUTE]: Math.floor(Date.parse(r.eventTime) / 1000) + days * 86_400 }
            : {}),
          ...r,
        },
      })
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async list(q: AuditQuery): Promise<AuditPage> {
    const cursor = q.marker === undefined ? undefined : parseAuditCursor(q.marker)
    if (q.marker !== undefined && !cursor) throw new InvalidError(`Invalid marker ${q.marker}`)
    const lowest = q.since ? joinKey(Label.Audit, q.since) : `${Label.Audit}${SEPARATOR}`
    // `~` sorts after every character a time or the separator uses: the whole `until` second.
    const highest = q.until ? `${joinKey(Label.Audit, q.until)}~` : `${Label.Audit}${SEPARATOR}~`
    const fromCursor = cursor ? sortKeyOf(cursor.eventTime, cursor.id) : highest
    const upper = fromCursor < highest ? fromCursor : highest
    const records: AuditRecord[] = []
    if (lowest > upper) return { records, next: undefined }
    let startKey: Record<string, unknown> | undefined
    try {
      do {
        const out = await this.db.query(
          this.query(q.projectId, lowest, upper, startKey, q.limit + 1)
        )
        for (const item of out.Items) {
          const r = fromItem(item)
          // BETWEEN is inclusive: the cursor's own record was on the page before.
          if (cursor && r.id === cursor.id && r.eventTime === cursor.eventTime) continue
          if (records.length < q.limit) records.push(r)
        }
        startKey = out.LastEvaluatedKey
      } while (startKey && records.length < q.limit)
    } catch (e) {
      throw asStoreError(e)
    }
    const last = records[records.length - 1]
    return { records, next: records.length === q.limit && last ? auditCursor(last) : undefined }
  }

  private query(
    projectId: string | undefined,
    lower: string,
    upper: string,
    startKey: Record<string, unknown> | undefined,
    limit: number
  ): QueryInput {
    const p = new Placeholders()
    const onIndex = projectId === undefined
    const pkName = onIndex ? COLLECTION_INDEX.partitionKey : TABLE_KEYS.partitionKey
    const skName = onIndex ? COLLECTION_INDEX.sortKey : TABLE_KEYS.sortKey
    const pk = onIndex ? joinKey(Label.Audit) : projectPk(projectId)
    return {
      TableName: this.tableName,
      ...(onIndex ? { IndexName: COLLECTION_INDEX.name } : { ConsistentRead: true }),
      KeyConditionExpression: `${p.name(pkName)} = ${p.value(pk)} AND ${p.name(skName)} BETWEEN ${p.value(lower)} AND ${p.value(upper)}`,
      ScanIndexForward: false,
      Limit: this.options.pageSize ?? limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      ...p.attributes(),
    }
  }
}
