import { removeCluster } from '@berth/core/lifecycle/delete-steps'
import { auditParts } from './parts/audit'
import { now, storeParts } from './parts/store'
import { taskHandler } from './task'

export const handler = taskHandler(removeCluster, (config) => ({
  ...storeParts(config),
  ...auditParts(config),
  now,
}))
