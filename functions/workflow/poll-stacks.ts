import { pollStacks } from '@berth/core/lifecycle/poll'
import { cloudOnlyStepParts } from './parts/cloud-only'
import { taskHandler } from './task'

export const handler = taskHandler(pollStacks, cloudOnlyStepParts)
