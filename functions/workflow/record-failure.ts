import { taskHandler } from './task'

export const handler = taskHandler('record-failure')
