import { type Context, Hono } from 'hono'
import type { CallerEnv } from '../auth'
import { type DevCloud, identityUrl } from '../context'
import { notFound, parseBool } from '../http'
import { catalogServices, endpointId, INTERFACES } from './catalog'
import { keystoneAuthed, requireAdmin, requireAdminOrUser } from './guard'
import { expandImpliedRoles, projectsOfUser } from './lookups'
import { collectionLinks, renderDomain, renderProject, renderRole, renderUser } from './render'
import { isAdmin } from './tokens'

/** Keeps items matching every given `?field=value` (Keystone's list filters are exact). */
const filterBy = <T>(c: Context, items: T[], fields: Record<string, (item: T) => unknown>): T[] =>
  items.filter((item) =>
    Object.entries(fields).every(([param, get]) => {
      const wanted = c.req.query(param)
      if (wanted === undefined) return true
      const value = get(item)
      return typeof value === 'boolean' ? parseBool(wanted) === value : String(value) === wanted
    })
  )

/** Projects, users, roles, domains, role assignments and the catalog's services/endpoints. */
export const keystoneIdentityRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const authed = keystoneAuthed(cloud)

  app.get('/v3/projects', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:list_projects')
    const projects = filterBy(c, data.projects, {
      name: (p) => p.name,
      domain_id: (p) => p.domainId,
      enabled: (p) => p.enabled,
    })
    return c.json({
      projects: projects.map((p) => renderProject(cloud, p)),
      links: collectionLinks(c),
    })
  })

  app.get('/v3/projects/:id', authed, (c) => {
    const caller = c.get('caller')
    const id = c.req.param('id')
    if (!isAdmin(caller) && caller.project?.id !== id) {
      requireAdmin(caller, 'identity:get_project')
    }
    const project = data.projects.find((p) => p.id === id)
    if (!project) throw notFound(`Could not find project: ${id}.`)
    return c.json({ project: renderProject(cloud, project) })
  })

  app.get('/v3/users', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:list_users')
    const users = filterBy(c, data.users, {
      name: (u) => u.name,
      domain_id: (u) => u.domainId,
      enabled: (u) => u.enabled,
    })
    return c.json({ users: users.map((u) => renderUser(cloud, u)), links: collectionLinks(c) })
  })

  app.get('/v3/users/:id', authed, (c) => {
    const id = c.req.param('id')
    requireAdminOrUser(c.get('caller'), id, 'identity:get_user')
    const user = data.users.find((u) => u.id === id)
    if (!user) throw notFound(`Could not find user: ${id}.`)
    return c.json({ user: renderUser(cloud, user) })
  })

  app.get('/v3/users/:id/projects', authed, (c) => {
    const id = c.req.param('id')
    requireAdminOrUser(c.get('caller'), id, 'identity:list_user_projects')
    if (!data.users.some((u) => u.id === id)) throw notFound(`Could not find user: ${id}.`)
    const projects = filterBy(c, projectsOfUser(data, id), { name: (p) => p.name })
    return c.json({
      projects: projects.map((p) => renderProject(cloud, p)),
      links: collectionLinks(c),
    })
  })

  app.get('/v3/roles', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:list_roles')
    const roles = filterBy(c, data.roles, { name: (r) => r.name })
    return c.json({ roles: roles.map((r) => renderRole(cloud, r)), links: collectionLinks(c) })
  })

  app.get('/v3/roles/:id', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:get_role')
    const role = data.roles.find((r) => r.id === c.req.param('id'))
    if (!role) throw notFound(`Could not find role: ${c.req.param('id')}.`)
    return c.json({ role: renderRole(cloud, role) })
  })

  app.get('/v3/domains', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:list_domains')
    const domains = filterBy(c, data.domains, { name: (d) => d.name, enabled: (d) => d.enabled })
    return c.json({
      domains: domains.map((d) => renderDomain(cloud, d)),
      links: collectionLinks(c),
    })
  })

  app.get('/v3/domains/:id', authed, (c) => {
    const caller = c.get('caller')
    const id = c.req.param('id')
    const own = caller.userDomain.id === id || caller.projectDomain?.id === id
    if (!own) requireAdmin(caller, 'identity:get_domain')
    const domain = data.domains.find((d) => d.id === id)
    if (!domain) throw notFound(`Could not find domain: ${id}.`)
    return c.json({ domain: renderDomain(cloud, domain) })
  })

  app.get('/v3/role_assignments', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:list_role_assignments')
    const effective = c.req.query('effective') !== undefined
    const names = c.req.query('include_names') !== undefined
    const userId = c.req.query('user.id')
    const projectId = c.req.query('scope.project.id')
    const roleId = c.req.query('role.id')
    const base = identityUrl(cloud)
    const rows = data.roleAssignments
      .filter(
        (a) =>
          (userId === undefined || a.userId === userId) &&
          (projectId === undefined || a.projectId === projectId)
      )
      .flatMap((a) => {
        const assignment = `${base}/projects/${a.projectId}/users/${a.userId}/roles/${a.roleId}`
        const roleIds = effective ? expandImpliedRoles(data, [a.roleId]) : [a.roleId]
        return roleIds.map((rid) => ({
          a,
          roleId: rid,
          links:
            rid === a.roleId
              ? { assignment }
              : { assignment, prior_role: `${base}/roles/${a.roleId}/implies/${rid}` },
        }))
      })
      .filter((row) => roleId === undefined || row.roleId === roleId)
    const named = <T extends { id: string; name: string }>(item: T | undefined, id: string) =>
      names && item ? { id, name: item.name } : { id }
    const domainOf = (domainId: string) => {
      const d = data.domains.find((x) => x.id === domainId)
      return names && d ? { domain: { id: d.id, name: d.name } } : {}
    }
    const role_assignments = rows.map(({ a, roleId: rid, links }) => {
      const user = data.users.find((u) => u.id === a.userId)
      const project = data.projects.find((p) => p.id === a.projectId)
      return {
        links,
        scope: {
          project: {
            ...named(project, a.projectId),
            ...(project ? domainOf(project.domainId) : {}),
          },
        },
        user: { ...named(user, a.userId), ...(user ? domainOf(user.domainId) : {}) },
        role: named(
          data.roles.find((r) => r.id === rid),
          rid
        ),
      }
    })
    return c.json({ role_assignments, links: collectionLinks(c) })
  })

  app.get('/v3/services', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:list_services')
    const services = catalogServices(cloud).map((s) => ({
      id: s.id,
      name: s.name,
      type: s.type,
      enabled: true,
      description: '',
      links: { self: `${identityUrl(cloud)}/services/${s.id}` },
    }))
    return c.json({ services, links: collectionLinks(c) })
  })

  app.get('/v3/endpoints', authed, (c) => {
    requireAdmin(c.get('caller'), 'identity:list_endpoints')
    const endpoints = catalogServices(cloud).flatMap((s) =>
      INTERFACES.map((iface) => ({
        id: endpointId(s.type, iface),
        interface: iface,
        region_id: cloud.config.region,
        region: cloud.config.region,
        service_id: s.id,
        url: s.url,
        enabled: true,
        links: { self: `${identityUrl(cloud)}/endpoints/${endpointId(s.type, iface)}` },
      }))
    )
    return c.json({ endpoints, links: collectionLinks(c) })
  })

  app.get('/v3/regions', authed, (c) =>
    c.json({
      regions: [
        {
          id: cloud.config.region,
          description: '',
          parent_region_id: null,
          links: { self: `${identityUrl(cloud)}/regions/${cloud.config.region}` },
        },
      ],
      links: collectionLinks(c),
    })
  )

  return app
}
