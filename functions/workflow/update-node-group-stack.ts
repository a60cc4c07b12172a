import { updateNodeGroupStack } from '@berth/core/lifecycle/start-stacks'
import { renderingStepParts } from './parts/rendering'
import { taskHandler } from './task'

export const handler = taskHandler(updateNodeGroupStack, renderingStepParts)
