import { type DynamoDb, isConditionalCheckFailed } from '@berth/aws/dynamodb'
import type { Heartbeat, ServiceRecord, ServiceRegistry } from '@berth/core/mservices/model'
import * as z from 'zod/mini'
import { asStoreError, CorruptItemError } from './errors'
import { Placeholders, updateFields } from './expression'
import { allServicesQuery, Label, sequenceKey, serviceKey } from './keys'
import { queryAll } from './query'
import { TTL_ATTRIBUTE } from './table'

export const SERVICE_ENTITY = 'Service'

const ServiceItemSchema = z.object({
  entityType: z.literal(SERVICE_ENTITY),
  id: z.int(),
  host: z.string(),
  binary: z.string(),
  report_count: z.int(),
  created_at: z.string(),
  updated_at: z.nullable(z.string()),
  report_interval: z.optional(z.nullable(z.int())),
  disabled: z.optional(z.boolean()),
  disabled_reason: z.optional(z.nullable(z.string())),
})

const fromItem = (item: Record<string, unknown>): ServiceRecord => {
  const parsed = ServiceItemSchema.safeParse(item)
  if (!parsed.success) {
    throw new CorruptItemError(`service ${String(item.SK ?? '?')}`, { cause: parsed.error })
  }
  const r = parsed.data
  return {
    id: r.id,
    host: r.host,
    binary: r.binary,
    report_count: r.report_count,
    disabled: r.disabled ?? false,
    disabled_reason: r.disabled_reason ?? null,
    created_at: r.created_at,
    updated_at: r.updated_at,
    report_interval: r.report_interval ?? null,
  }
}

export interface DynamoServiceRegistryOptions {
  /** A host that stops reporting is forgotten this long after its last report. @default 7 days */
  retentionSeconds?: number
  now?: () => Date
}

/**
 * Heartbeats of Berth's components, one item per component and host in the SERVICE
 * partition (there are few). A report is one UpdateItem; the first report of a host also takes
 * an integer id from the sequence, since Magnum renders mservices ids. Items expire by TTL
 * some time after their last report, so hosts that went away fade out.
 * @example
 * const services = new DynamoServiceRegistry(db, config.BERTH_TABLE_NAME)
 * await services.heartbeat({ binary: 'berth-reconciler', host, reportInterval: 60 })
 */
export class DynamoServiceRegistry implements ServiceRegistry {
  private readonly retention: number
  private readonly now: () => Date

  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string,
    options: DynamoServiceRegistryOptions = {}
  ) {
    this.retention = options.retentionSeconds ?? 7 * 24 * 3600
    this.now = options.now ?? (() => new Date())
  }

  async heartbeat(beat: Heartbeat): Promise<void> {
    try {
      try {
        await this.report(beat, undefined)
      } catch (e) {
        if (!isConditionalCheckFailed(e)) throw e
        // First report of this host: give it an id (kept if another report got there first).
        await this.report(beat, await this.nextId())
      }
    } catch (e) {
      throw asStoreError(e)
    }
  }

  async list(): Promise<ServiceRecord[]> {
    try {
      const items = await queryAll(this.db, this.tableName, allServicesQuery(), {
        consistentRead: true,
      })
      return items.map(fromItem).sort((a, b) => a.id - b.id)
    } catch (e) {
      throw asStoreError(e)
    }
  }

  /** Without `id` the report only updates an existing record (the condition fails otherwise). */
  private async report(beat: Heartbeat, id: number | undefined): Promise<void> {
    const now = this.now()
    const p = new Placeholders()
    const set = (attr: string, v: unknown) => `${p.name(attr)} = ${p.value(v)}`
    const keep = (attr: string, v: unknown) =>
      `${p.name(attr)} = if_not_exists(${p.name(attr)}, ${p.value(v)})`
    const sets = [
      set('entityType', SERVICE_ENTITY),
      set('binary', beat.binary),
      set('host', beat.host),
      set('updated_at', now.toISOString()),
      set('report_interval', beat.reportInterval ?? null),
      set(TTL_ATTRIBUTE, Math.floor(now.getTime() / 1000) + this.retention),
      keep('created_at', now.toISOString()),
      keep('disabled', false),
      keep('disabled_reason', null),
      ...(id === undefined ? [] : [keep('id', id)]),
    ]
    const UpdateExpression = `SET ${sets.join(', ')} ADD ${p.name('report_count')} ${p.value(1)}`
    const ConditionExpression = id === undefined ? `attribute_exists(${p.name('id')})` : undefined
    await this.db.update({
      TableName: this.tableName,
      Key: serviceKey(beat.binary, beat.host),
      UpdateExpression,
      ...(ConditionExpression ? { ConditionExpression } : {}),
      ...p.attributes(),
    })
  }

  private async nextId(): Promise<number> {
    const out = await this.db.update({
      TableName: this.tableName,
      Key: sequenceKey(Label.Service),
      ...updateFields({ add: { next: 1 } }),
      ReturnValues: 'UPDATED_NEW',
    })
    const id = out.Attributes?.next
    if (typeof id !== 'number') throw new CorruptItemError('service sequence')
    return id
  }
}
