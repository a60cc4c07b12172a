import type { ServiceView } from '@berth/core/mservices'
import { magnumTime } from './time'

/** One component in Magnum's MagnumService shape. */
export const renderService = (s: ServiceView): Record<string, unknown> => ({
  id: s.id,
  host: s.host,
  binary: s.binary,
  state: s.state,
  report_count: s.report_count,
  disabled: s.disabled,
  disabled_reason: s.disabled_reason,
  created_at: magnumTime(s.created_at),
  updated_at: magnumTime(s.updated_at),
})
