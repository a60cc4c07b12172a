import { taskHandler } from './task'

export const handler = taskHandler('poll-stacks')
