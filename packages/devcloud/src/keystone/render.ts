import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type DevCloud, identityUrl } from '../context'
import { STATUS_TITLES } from '../http'
import type { ApplicationCredential, Domain, Project, Role, User } from './model'

/** Keystone's error document; 401s also name the identity endpoint, as keystonemiddleware does. */
export const keystoneError = (
  c: Context,
  cloud: DevCloud,
  status: ContentfulStatusCode,
  message: string
) => {
  if (status === 401) c.header('WWW-Authenticate', `Keystone uri="${identityUrl(cloud)}"`)
  const title = STATUS_TITLES[status] ?? 'Error'
  return c.json({ error: { code: status, message, title } }, status)
}

export const collectionLinks = (c: Context) => ({ next: null, self: c.req.url, previous: null })

export const renderDomain = (cloud: DevCloud, d: Domain) => ({
  id: d.id,
  name: d.name,
  description: d.description,
  enabled: d.enabled,
  tags: [],
  options: {},
  links: { self: `${identityUrl(cloud)}/domains/${d.id}` },
})

export const renderProject = (cloud: DevCloud, p: Project) => ({
  id: p.id,
  name: p.name,
  domain_id: p.domainId,
  description: p.description,
  enabled: p.enabled,
  parent_id: p.domainId,
  is_domain: false,
  tags: [],
  options: {},
  links: { self: `${identityUrl(cloud)}/projects/${p.id}` },
})

export const renderUser = (cloud: DevCloud, u: User) => ({
  id: u.id,
  name: u.name,
  domain_id: u.domainId,
  enabled: u.enabled,
  ...(u.defaultProjectId !== null ? { default_project_id: u.defaultProjectId } : {}),
  ...(u.email !== null ? { email: u.email } : {}),
  password_expires_at: null,
  options: {},
  links: { self: `${identityUrl(cloud)}/users/${u.id}` },
})

const roleBody = (r: Role) => ({
  id: r.id,
  name: r.name,
  domain_id: null,
  description: r.description,
  options: { immutable: true },
})

export const renderRole = (cloud: DevCloud, r: Role) => ({
  ...roleBody(r),
  links: { self: `${identityUrl(cloud)}/roles/${r.id}` },
})

/** Keystone writes an application credential's expiry without a zone. */
const credentialExpiry = (iso: string | null): string | null =>
  iso === null ? null : iso.replace(/\.(\d{3})Z$/, '.$1000')

export const renderApplicationCredential = (
  cloud: DevCloud,
  a: ApplicationCredential,
  roles: Role[],
  secret?: string
) => ({
  id: a.id,
  name: a.name,
  description: a.description,
  user_id: a.userId,
  project_id: a.projectId,
  system: null,
  expires_at: credentialExpiry(a.expiresAt),
  unrestricted: a.unrestricted,
  roles: roles.map(roleBody),
  // Keystone 22 leaves access_rules out of a credential that has none.
  ...(secret !== undefined ? { secret } : {}),
  links: { self: `${identityUrl(cloud)}/application_credentials/${a.id}` },
})
