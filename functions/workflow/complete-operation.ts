import { taskHandler } from './task'

export const handler = taskHandler('complete-operation')
