import { taskHandler } from './task'

export const handler = taskHandler('create-cluster-stack')
