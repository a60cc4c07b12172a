import { taskHandler } from './task'

export const handler = taskHandler('delete-cluster-stacks')
