import type { DevCloud } from '../context'
import { randomAuditId, randomTokenId } from '../ids'
import { EXPIRED_TOKEN_WINDOW_SECONDS } from '../state'
import { addSeconds, keystoneTime } from '../time'
import { renderCatalog } from './catalog'
import { effectiveRoleIds, expandImpliedRoles, rolesByIds } from './lookups'
import type { ApplicationCredential, Domain, Project, Role, Token, Trust, User } from './model'

/** A token that passed validation, with everything it refers to resolved. */
export interface ValidToken {
  token: Token
  user: User
  userDomain: Domain
  project: Project | undefined
  projectDomain: Domain | undefined
  /** Effective roles: implied roles included, or an application credential's own roles. */
  roles: Role[]
  applicationCredential: ApplicationCredential | undefined
  /** The trust a trust-scoped token acts through. */
  trust: Trust | undefined
}

export type TokenCheck = { ok: true; valid: ValidToken } | { ok: false; message: string }

export const hasRole = (t: ValidToken, name: string): boolean =>
  t.roles.some((r) => r.name === name)
/** Keystone's legacy `admin_required`: role admin on any project. */
export const isAdmin = (t: ValidToken): boolean => hasRole(t, 'admin')
export const isService = (t: ValidToken): boolean => hasRole(t, 'service')

export interface IssueRequest {
  userId: string
  projectId: string | null
  methods: string[]
  applicationCredential?: ApplicationCredential | undefined
  trust?: Trust | undefined
  /** Rescoped tokens keep the expiry and audit chain of the token they came from. */
  parent?: Token | undefined
}

export const issueToken = (cloud: DevCloud, req: IssueRequest): Token => {
  const now = cloud.now()
  let expires = addSeconds(now, cloud.config.tokenTtlSeconds)
  if (req.parent) expires = new Date(req.parent.expiresAt)
  const credExpiry = req.applicationCredential?.expiresAt
  if (credExpiry && Date.parse(credExpiry) < expires.getTime()) expires = new Date(credExpiry)
  const trustExpiry = req.trust?.expiresAt
  if (trustExpiry && Date.parse(trustExpiry) < expires.getTime()) expires = new Date(trustExpiry)
  const parentChain = req.parent?.auditIds.at(-1)
  const token: Token = {
    id: randomTokenId(),
    userId: req.userId,
    projectId: req.projectId,
    methods: req.methods,
    applicationCredentialId: req.applicationCredential?.id ?? null,
    trustId: req.trust?.id ?? null,
    issuedAt: now.toISOString(),
    expiresAt: expires.toISOString(),
    auditIds: parentChain ? [randomAuditId(), parentChain] : [randomAuditId()],
  }
  cloud.state.data.tokens[token.id] = token
  cloud.state.save()
  return token
}

/**
 * Checks a token the way Keystone does on every validation: it must exist, not be expired
 * (unless `allowExpired`, within Keystone's 48 h window), and everything it refers to —
 * user, project, role assignments, application credential — must still be there.
 */
export const checkToken = (
  cloud: DevCloud,
  id: string | undefined,
  options: { allowExpired?: boolean } = {}
): TokenCheck => {
  const { data } = cloud.state
  const token = id === undefined ? undefined : data.tokens[id]
  if (!token) return { ok: false, message: 'Could not recognize Fernet token' }
  const now = cloud.now().getTime()
  const expiresAt = Date.parse(token.expiresAt)
  const window = options.allowExpired ? EXPIRED_TOKEN_WINDOW_SECONDS * 1000 : 0
  if (expiresAt + window <= now) return { ok: false, message: 'The token has expired.' }
  const user = data.users.find((u) => u.id === token.userId)
  const userDomain = user && data.domains.find((d) => d.id === user.domainId)
  if (!user?.enabled || !userDomain) {
    return { ok: false, message: `Could not find user: ${token.userId}.` }
  }
  let applicationCredential: ApplicationCredential | undefined
  if (token.applicationCredentialId !== null) {
    applicationCredential = data.applicationCredentials.find(
      (a) => a.id === token.applicationCredentialId
    )
    if (!applicationCredential) {
      return {
        ok: false,
        message: `Could not find Application Credential: ${token.applicationCredentialId}.`,
      }
    }
  }
  let trust: Trust | undefined
  if (token.trustId !== null) {
    trust = data.trusts.find((t) => t.id === token.trustId)
    if (!trust) return { ok: false, message: `Could not find trust: ${token.trustId}.` }
  }
  if (token.projectId === null) {
    const valid = { token, user, userDomain, project: undefined, projectDomain: undefined }
    return { ok: true, valid: { ...valid, roles: [], applicationCredential, trust } }
  }
  const project = data.projects.find((p) => p.id === token.projectId)
  const projectDomain = project && data.domains.find((d) => d.id === project.domainId)
  if (!project?.enabled || !projectDomain) {
    return { ok: false, message: `Could not find project: ${token.projectId}.` }
  }
  // A trust lends the trustor's roles (with those they imply), as far as the trustor still holds them.
  const effective = effectiveRoleIds(data, trust?.trustorUserId ?? user.id, project.id)
  // An application credential carries its own roles, limited to those the user still holds.
  const roleIds = applicationCredential
    ? applicationCredential.roleIds.filter((r) => effective.includes(r))
    : trust
      ? expandImpliedRoles(data, trust.roleIds).filter((r) => effective.includes(r))
      : effective
  if (roleIds.length === 0) {
    return { ok: false, message: `User ${user.id} has no access to project ${project.id}` }
  }
  const roles = rolesByIds(data, roleIds)
  return {
    ok: true,
    valid: { token, user, userDomain, project, projectDomain, roles, applicationCredential, trust },
  }
}

/** The token document, in Keystone's field order. */
export const renderToken = (cloud: DevCloud, v: ValidToken, options: { catalog: boolean }) => {
  const body: Record<string, unknown> = {
    methods: v.token.methods,
    user: {
      domain: { id: v.userDomain.id, name: v.userDomain.name },
      id: v.user.id,
      name: v.user.name,
      password_expires_at: null,
    },
    audit_ids: v.token.auditIds,
    expires_at: keystoneTime(v.token.expiresAt),
    issued_at: keystoneTime(v.token.issuedAt),
  }
  if (v.trust) {
    body['OS-TRUST:trust'] = {
      id: v.trust.id,
      trustor_user: { id: v.trust.trustorUserId },
      trustee_user: { id: v.trust.trusteeUserId },
      impersonation: v.trust.impersonation,
    }
  }
  if (v.project && v.projectDomain) {
    body.project = {
      domain: { id: v.projectDomain.id, name: v.projectDomain.name },
      id: v.project.id,
      name: v.project.name,
    }
    body.is_domain = false
    body.roles = v.roles.map((r) => ({ id: r.id, name: r.name }))
    if (options.catalog) body.catalog = renderCatalog(cloud, v.project.id)
  }
  if (v.applicationCredential) {
    body.application_credential = {
      id: v.applicationCredential.id,
      name: v.applicationCredential.name,
      restricted: !v.applicationCredential.unrestricted,
    }
  }
  return { token: body }
}
