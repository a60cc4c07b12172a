import type { QuotaView, StoredQuota } from '@berth/core/quotas'
import { magnumTime } from './time'

/** A stored quota as Magnum renders it: its integer id, no links. */
export const renderQuota = (q: StoredQuota): Record<string, unknown> => ({
  id: q.id,
  project_id: q.project_id,
  resource: q.resource,
  hard_limit: q.hard_limit,
  created_at: magnumTime(q.created_at),
  updated_at: magnumTime(q.updated_at),
})

/** GET one: the stored row, or (none stored) the default without id or times, as Magnum does. */
export const renderQuotaView = (v: QuotaView): Record<string, unknown> =>
  v.stored
    ? renderQuota(v.stored)
    : { project_id: v.project_id, resource: v.resource, hard_limit: v.hard_limit }
