import { taskHandler } from './task'

export const handler = taskHandler('update-node-group-stack')
