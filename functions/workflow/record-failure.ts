import { recordFailure } from '@berth/core/lifecycle/finish'
import { now, storeParts } from './parts/store'
import { taskHandler } from './task'

export const handler = taskHandler(recordFailure, (config) => ({ ...storeParts(config), now }))
