import { taskHandler } from './task'

export const handler = taskHandler('update-cluster-stack')
