import { taskHandler } from './task'

export const handler = taskHandler('delete-node-group-stack')
