import { badRequest } from '../http'
import type { StateData } from '../state'
import type { Domain, Project, Role, User } from './model'

/** `{id}` or `{name}`, as Keystone accepts for domains in auth and scope bodies. */
export interface DomainRef {
  id?: string | undefined
  name?: string | undefined
}

/** A user or project named by id, or by name within a domain. */
export interface NamedRef {
  id?: string | undefined
  name?: string | undefined
  domain?: DomainRef | undefined
}

export const findDomain = (data: StateData, ref: DomainRef): Domain | undefined =>
  ref.id !== undefined
    ? data.domains.find((d) => d.id === ref.id)
    : data.domains.find((d) => d.name === ref.name)

const resolveNamed = <T extends { id: string; name: string; domainId: string }>(
  items: T[],
  data: StateData,
  ref: NamedRef,
  what: string
): T | undefined => {
  if (ref.id !== undefined) return items.find((i) => i.id === ref.id)
  if (ref.name === undefined) throw badRequest(`Expecting to find id or name in ${what}.`)
  if (ref.domain === undefined) throw badRequest(`Expecting to find domain in ${what}.`)
  const domain = findDomain(data, ref.domain)
  return domain && items.find((i) => i.name === ref.name && i.domainId === domain.id)
}

export const findUser = (data: StateData, ref: NamedRef): User | undefined =>
  resolveNamed(data.users, data, ref, 'user')

export const findProject = (data: StateData, ref: NamedRef): Project | undefined =>
  resolveNamed(data.projects, data, ref, 'project')

/** Role ids plus every role they imply, transitively (admin ⇒ member ⇒ reader). */
export const expandImpliedRoles = (data: StateData, roleIds: Iterable<string>): string[] => {
  const seen = new Set<string>()
  const queue = [...roleIds]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue
    seen.add(id)
    for (const rule of data.impliedRoles)
      if (rule.priorRoleId === id) queue.push(rule.impliedRoleId)
  }
  return [...seen]
}

export const assignedRoleIds = (data: StateData, userId: string, projectId: string): string[] =>
  data.roleAssignments
    .filter((a) => a.userId === userId && a.projectId === projectId)
    .map((a) => a.roleId)

/** The roles a user effectively holds on a project, implied ones included. */
export const effectiveRoleIds = (data: StateData, userId: string, projectId: string): string[] =>
  expandImpliedRoles(data, assignedRoleIds(data, userId, projectId))

export const rolesByIds = (data: StateData, ids: Iterable<string>): Role[] => {
  const wanted = new Set(ids)
  return data.roles.filter((r) => wanted.has(r.id))
}

/** Projects on which the user holds at least one role. */
export const projectsOfUser = (data: StateData, userId: string): Project[] => {
  const ids = new Set(
    data.roleAssignments.filter((a) => a.userId === userId).map((a) => a.projectId)
  )
  return data.projects.filter((p) => ids.has(p.id))
}
