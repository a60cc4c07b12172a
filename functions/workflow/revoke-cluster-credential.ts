import { taskHandler } from './task'

export const handler = taskHandler('revoke-cluster-credential')
