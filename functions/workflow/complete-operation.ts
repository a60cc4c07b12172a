import { completeOperation } from '@berth/core/lifecycle/finish'
import { reportCompleted, workflowMetrics } from './outcome'
import { renderingStepParts } from './parts/rendering'
import { taskHandler } from './task'

export const handler = taskHandler(completeOperation, renderingStepParts, {
  after: (config, input, result) => reportCompleted(workflowMetrics(config), input, result),
})
