import { taskHandler } from './task'

export const handler = taskHandler('upgrade-cluster-stack')
