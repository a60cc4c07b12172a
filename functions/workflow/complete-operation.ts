import { completeOperation } from '@berth/core/lifecycle/finish'
import { reportCompleted, workflowMetrics } from './outcome'
import { auditParts } from './parts/audit'
import { credentialParts } from './parts/credentials'
import { cloudAccessOf } from './parts/keystone'
import { renderingStepParts } from './parts/rendering'
import { taskHandler } from './task'

// Keystone revokes the credential a rotation replaced; the audit trail records the end.
export const handler = taskHandler(
  completeOperation,
  (config) => ({
    ...renderingStepParts(config),
    ...credentialParts(config, cloudAccessOf(config)),
    ...auditParts(config),
  }),
  { after: (config, input, result) => reportCompleted(workflowMetrics(config), input, result) }
)
