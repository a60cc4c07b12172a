import { AUTH_REQUIRED_MESSAGE, requireToken } from '../auth'
import type { DevCloud } from '../context'
import { forbidden } from '../http'
import { keystoneError } from './render'
import { isAdmin, type ValidToken } from './tokens'

/** X-Auth-Token check for Keystone's own API (any scope; Keystone's 401 document). */
export const keystoneAuthed = (cloud: DevCloud) =>
  requireToken(cloud, {
    requireProject: false,
    render401: (c) => keystoneError(c, cloud, 401, AUTH_REQUIRED_MESSAGE),
  })

const denied = (action: string) =>
  forbidden(`You are not authorized to perform the requested action: ${action}.`)

/** Keystone's legacy `admin_required` policy. */
export const requireAdmin = (caller: ValidToken, action: string): void => {
  if (!isAdmin(caller)) throw denied(action)
}

/** `admin_required or user_id:%(target.user.id)s`. */
export const requireAdminOrUser = (caller: ValidToken, userId: string, action: string): void => {
  if (!isAdmin(caller) && caller.user.id !== userId) throw denied(action)
}

export const requireUser = (caller: ValidToken, userId: string, action: string): void => {
  if (caller.user.id !== userId) throw denied(action)
}
