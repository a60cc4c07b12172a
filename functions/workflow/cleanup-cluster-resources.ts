import { cleanupClusterResources } from '@berth/core/lifecycle/delete-steps'
import { cloudOnlyStepParts } from './parts/cloud-only'
import { taskHandler } from './task'

export const handler = taskHandler(cleanupClusterResources, cloudOnlyStepParts)
