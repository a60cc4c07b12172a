import { taskHandler } from './task'

export const handler = taskHandler('cleanup-cluster-resources')
