import { deleteNodeGroupStack } from '@berth/core/lifecycle/start-stacks'
import { cloudOnlyStepParts } from './parts/cloud-only'
import { taskHandler } from './task'

export const handler = taskHandler(deleteNodeGroupStack, cloudOnlyStepParts)
