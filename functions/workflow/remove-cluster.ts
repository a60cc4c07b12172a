import { removeCluster } from '@berth/core/lifecycle/delete-steps'
import { storeParts } from './parts/store'
import { taskHandler } from './task'

export const handler = taskHandler(removeCluster, storeParts)
