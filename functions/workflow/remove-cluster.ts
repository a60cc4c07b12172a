import { removeCluster } from '@berth/core/lifecycle/delete-steps'
import { reportCompleted, workflowMetrics } from './outcome'
import { auditParts } from './parts/audit'
import { now, storeParts } from './parts/store'
import { taskHandler } from './task'

export const handler = taskHandler(
  removeCluster,
  (config) => ({ ...storeParts(config), ...auditParts(config), now }),
  // The delete's last step: the cluster-delete operation succeeded.
  { after: (config, input, result) => reportCompleted(workflowMetrics(config), input, result) }
)
