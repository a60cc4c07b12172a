import { isAdmin, type ValidToken } from './keystone/tokens'

/**
 * Who a service operation acts for. HTTP handlers derive it from the caller's token; Heat
 * acts for the stack's owner, the way real Heat acts with the user's trust.
 */
export interface Actor {
  projectId: string
  userId: string
  admin: boolean
}

export const actorOf = (caller: ValidToken): Actor => ({
  projectId: caller.project?.id ?? '',
  userId: caller.user.id,
  admin: isAdmin(caller),
})

/** Whether the actor may see or change a record owned by `projectId`. */
export const owns = (actor: Actor, projectId: string): boolean =>
  actor.admin || actor.projectId === projectId
