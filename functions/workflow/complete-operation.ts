import { completeOperation } from '@berth/core/lifecycle/finish'
import { renderingStepParts } from './parts/rendering'
import { taskHandler } from './task'

export const handler = taskHandler(completeOperation, renderingStepParts)
