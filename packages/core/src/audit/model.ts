import * as z from 'zod/mini'

/** CADF's event type URI (pyCADF `cadftype.EVENT`). */
export const CADF_EVENT = 'http://schemas.dmtf.org/cloud/audit/1.0/event'

export const Outcome = z.enum(['pending', 'success', 'failure'])
export type Outcome = z.infer<typeof Outcome>

const Host = z.object({ address: z.optional(z.string()), agent: z.optional(z.string()) })

/** A CADF resource: who acted (initiator), on what (target), who saw it (observer). */
export const CadfResourceSchema = z.object({
  typeURI: z.string(),
  id: z.string(),
  name: z.optional(z.string()),
  project_id: z.optional(z.string()),
  host: z.optional(Host),
})
export type CadfResource = z.infer<typeof CadfResourceSchema>

/**
 * One audit record: a CADF activity event as Magnum's notifications carry it (`event_type`
 * `magnum.<resource>.<action>`, outcome pending/success/failure, initiator, target, observer),
 * plus what an operator needs to tie it to a request or a workflow.
 */
export const AuditRecordSchema = z.object({
  id: z.string(),
  typeURI: z.literal(CADF_EVENT),
  eventType: z.literal('activity'),
  /** Magnum's notification name, e.g. `magnum.cluster.create`. */
  event_type: z.string(),
  /** CADF action: create, update, delete. */
  action: z.string(),
  outcome: Outcome,
  /** ISO-8601 UTC, millisecond precision: records of a project sort by it. */
  eventTime: z.string(),
  /** The project the record belongs to (who may read it). */
  project_id: z.string(),
  /** X-OpenStack-Request-ID of the API call; null for a workflow's own change. */
  request_id: z.nullable(z.string()),
  initiator: CadfResourceSchema,
  target: CadfResourceSchema,
  observer: CadfResourceSchema,
  /** Why it failed: the HTTP status of a refused call, or the terminal status of a workflow. */
  reason: z.optional(z.object({ reasonType: z.string(), reasonCode: z.string() })),
  /** The error message or status_reason, verbatim. */
  detail: z.optional(z.string()),
  /** The API call, for records made by the API. */
  http: z.optional(z.object({ method: z.string(), path: z.string(), status: z.int() })),
  /** The workflow operation, for records made by a workflow. */
  operation: z.optional(z.object({ id: z.string(), kind: z.string(), status: z.string() })),
})
export type AuditRecord = z.infer<typeof AuditRecordSchema>

/** Port: appending audit records. One real adapter: @berth/store (retention by TTL). */
export interface AuditSink {
  append(record: AuditRecord): Promise<void>
}

export interface AuditQuery {
  /** A project's records; undefined = every project's (admins). */
  projectId: string | undefined
  limit: number
  /** Continue after this record (a cursor from a previous page's `next`). */
  marker?: string | undefined
  /** Only records at or after / before this ISO time. */
  since?: string | undefined
  until?: string | undefined
}

export interface AuditPage {
  /** Newest first. */
  records: AuditRecord[]
  /** Cursor of the next page, present only when this one was full. */
  next: string | undefined
}

/** Port: reading audit records back, newest first, a page at a time. */
export interface AuditLog extends AuditSink {
  list(query: AuditQuery): Promise<AuditPage>
}

/** A page cursor: the last record's time and id, so the next page starts just below it. */
export const auditCursor = (r: Pick<AuditRecord, 'eventTime' | 'id'>): string =>
  `${r.eventTime}~${r.id}`

export const parseAuditCursor = (cursor: string): { eventTime: string; id: string } | undefined => {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)~([0-9a-zA-Z-]{1,64})$/.exec(cursor)
  return m?.[1] && m[2] ? { eventTime: m[1], id: m[2] } : undefined
}
