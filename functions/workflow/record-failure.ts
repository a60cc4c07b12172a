import { recordFailure } from '@berth/core/lifecycle/finish'
import { reportFailure, workflowMetrics } from './outcome'
import { auditParts } from './parts/audit'
import { now, storeParts } from './parts/store'
import { taskHandler } from './task'

export const handler = taskHandler(
  recordFailure,
  (config) => ({ ...storeParts(config), ...auditParts(config), now }),
  { after: (config, input, result) => reportFailure(workflowMetrics(config), input, result) }
)
