import { taskHandler } from './task'

export const handler = taskHandler('remove-cluster')
