import { taskHandler } from './task'

export const handler = taskHandler('create-node-group-stack')
