import { Hono } from 'hono'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { notFound } from '../http'
import { keystoneAuthed, requireAdmin } from './guard'
import { assignedRoleIds, rolesByIds } from './lookups'
import { collectionLinks, renderRole } from './render'

/**
 * Project role grants of users: /v3/projects/{p}/users/{u}/roles[/{r}] — list, check, grant,
 * revoke (admin). As in Keystone, revoking a grant deletes the user's application credentials
 * on that project, and tokens lose the role at once (roles are read on every validation).
 */
export const keystoneAssignmentRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const authed = keystoneAuthed(cloud)
  const base = '/v3/projects/:projectId/users/:userId/roles'

  const parties = (projectId: string, userId: string, roleId?: string) => {
    if (!data.projects.some((p) => p.id === projectId)) {
      throw notFound(`Could not find project: ${projectId}.`)
    }
    if (!data.users.some((u) => u.id === userId)) throw notFound(`Could not find user: ${userId}.`)
    if (roleId !== undefined && !data.roles.some((r) => r.id === roleId)) {
      throw notFound(`Could not find role: ${roleId}.`)
    }
  }
  const grantOf = (projectId: string, userId: string, roleId: string) =>
    data.roleAssignments.findIndex(
      (a) => a.projectId === projectId && a.userId === userId && a.roleId === roleId
    )
  const missingGrant = (projectId: string, userId: string, roleId: string) =>
    notFound(
      `Could not find role assignment with role: ${roleId}, user or group: ${userId}, project, domain, or system: ${projectId}.`
    )

  app.get(base, authed, (c) => {
    const { projectId, userId } = c.req.param()
    requireAdmin(c.get('caller'), 'identity:list_grants')
    parties(projectId, userId)
    const roles = rolesByIds(data, assignedRoleIds(data, userId, projectId))
    return c.json({ roles: roles.map((r) => renderRole(cloud, r)), links: collectionLinks(c) })
  })

  app.on(['GET', 'HEAD'], `${base}/:roleId`, authed, (c) => {
    const { projectId, userId, roleId } = c.req.param()
    requireAdmin(c.get('caller'), 'identity:check_grant')
    parties(projectId, userId, roleId)
    if (grantOf(projectId, userId, roleId) < 0) throw missingGrant(projectId, userId, roleId)
    return c.body(null, 204)
  })

  app.put(`${base}/:roleId`, authed, (c) => {
    const { projectId, userId, roleId } = c.req.param()
    requireAdmin(c.get('caller'), 'identity:create_grant')
    parties(projectId, userId, roleId)
    if (grantOf(projectId, userId, roleId) < 0) {
      data.roleAssignments.push({ userId, projectId, roleId })
      cloud.state.save()
    }
    return c.body(null, 204)
  })

  app.delete(`${base}/:roleId`, authed, (c) => {
    const { projectId, userId, roleId } = c.req.param()
    requireAdmin(c.get('caller'), 'identity:revoke_grant')
    parties(projectId, userId, roleId)
    const at = grantOf(projectId, userId, roleId)
    if (at < 0) throw missingGrant(projectId, userId, roleId)
    data.roleAssignments.splice(at, 1)
    // Keystone's REMOVE_APP_CREDS_FOR_USER: a user's credentials on the project go with a grant.
    const creds = data.applicationCredentials
    for (let i = creds.length - 1; i >= 0; i--) {
      if (creds[i]?.userId === userId && creds[i]?.projectId === projectId) creds.splice(i, 1)
    }
    cloud.state.save()
    return c.body(null, 204)
  })

  return app
}
