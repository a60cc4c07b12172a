import { z } from 'zod'
import type { DevCloud } from '../context'
import { badRequest, forbidden, unauthorized } from '../http'
import { effectiveRoleIds, findProject, findUser, type NamedRef } from './lookups'
import type { ApplicationCredential, Token, Trust, User } from './model'
import { verifySecret } from './secrets'
import { checkToken, issueToken } from './tokens'

const DomainRefSchema = z.object({ id: z.string().optional(), name: z.string().optional() })
const NamedRefSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  domain: DomainRefSchema.optional(),
})

export const AuthRequestSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()),
      password: z
        .object({ user: NamedRefSchema.extend({ password: z.string().optional() }) })
        .optional(),
      token: z.object({ id: z.string() }).optional(),
      application_credential: z
        .object({
          id: z.string().optional(),
          name: z.string().optional(),
          secret: z.string(),
          user: NamedRefSchema.optional(),
        })
        .optional(),
    }),
    scope: z
      .union([
        z.literal('unscoped'),
        z.object({
          project: NamedRefSchema.optional(),
          domain: DomainRefSchema.optional(),
          system: z.record(z.string(), z.unknown()).optional(),
          'OS-TRUST:trust': z.object({ id: z.string() }).optional(),
        }),
      ])
      .optional(),
  }),
})
export type AuthRequest = z.infer<typeof AuthRequestSchema>
type Identity = AuthRequest['auth']['identity']

/** Who one auth method proved the caller to be. */
interface MethodResult {
  user: User
  parent?: Token
  applicationCredential?: ApplicationCredential
}

const SUPPORTED_METHODS = ['password', 'token', 'application_credential']

const byPassword = (cloud: DevCloud, identity: Identity): MethodResult => {
  const user = identity.password?.user
  if (!user) throw badRequest('Expecting to find password in identity.')
  const found = findUser(cloud.state.data, user)
  if (!found || user.password === undefined || !verifySecret(user.password, found.passwordHash)) {
    throw unauthorized('Invalid username or password')
  }
  if (!found.enabled) throw unauthorized(`The account is disabled for user: ${found.id}`)
  return { user: found }
}

const byToken = (cloud: DevCloud, identity: Identity): MethodResult => {
  if (!identity.token) throw badRequest('Expecting to find token in identity.')
  const check = checkToken(cloud, identity.token.id)
  if (!check.ok) throw unauthorized(check.message)
  const { valid } = check
  return {
    user: valid.user,
    parent: valid.token,
    ...(valid.applicationCredential ? { applicationCredential: valid.applicationCredential } : {}),
  }
}

const byApplicationCredential = (cloud: DevCloud, identity: Identity): MethodResult => {
  const ref = identity.application_credential
  if (!ref) throw badRequest('Expecting to find application_credential in identity.')
  const { data } = cloud.state
  let cred: ApplicationCredential | undefined
  if (ref.id !== undefined) {
    cred = data.applicationCredentials.find((a) => a.id === ref.id)
  } else {
    if (ref.name === undefined)
      throw badRequest('Expecting to find id or name in application_credential.')
    if (!ref.user) throw badRequest('Expecting to find user in application credential.')
    const owner = findUser(data, ref.user)
    cred =
      owner && data.applicationCredentials.find((a) => a.userId === owner.id && a.name === ref.name)
  }
  if (!cred || !verifySecret(ref.secret, cred.secretHash)) {
    throw unauthorized('Invalid application credential ID or secret')
  }
  if (cred.expiresAt !== null && Date.parse(cred.expiresAt) <= cloud.now().getTime()) {
    throw unauthorized('Application credential has expired')
  }
  const user = data.users.find((u) => u.id === cred.userId)
  if (!user?.enabled) throw unauthorized('Invalid application credential ID or secret')
  return { user, applicationCredential: cred }
}

/** Resolves the requested scope to a project id (null ⇒ unscoped), checking the user's access. */
const resolveScope = (
  cloud: DevCloud,
  scope: AuthRequest['auth']['scope'],
  result: MethodResult
): string | null => {
  const { data } = cloud.state
  const { user } = result
  const cred = result.applicationCredential
  if (cred) {
    // An application credential always yields a token on its own project.
    const wanted = typeof scope === 'object' ? scope.project : undefined
    const project = wanted && findProject(data, wanted)
    if (wanted && project?.id !== cred.projectId) {
      throw unauthorized('Application credentials cannot request a scope.')
    }
    return cred.projectId
  }
  if (scope === undefined || scope === 'unscoped') {
    // Keystone scopes to the default project when no scope is asked for, if the user may.
    if (scope === undefined && user.defaultProjectId !== null) {
      const hasAccess = effectiveRoleIds(data, user.id, user.defaultProjectId).length > 0
      if (hasAccess) return user.defaultProjectId
    }
    return result.parent?.projectId ?? null
  }
  if (scope.domain)
    throw unauthorized(
      `User ${user.id} has no access to domain ${scope.domain.id ?? scope.domain.name}`
    )
  if (scope.system) throw unauthorized(`User ${user.id} has no access to the system`)
  if (!scope.project) return null
  const project = findProject(data, scope.project as NamedRef)
  if (!project)
    throw unauthorized(`Could not find project: ${scope.project.id ?? scope.project.name}.`)
  if (!project.enabled) throw unauthorized(`Project ${project.id} is disabled`)
  if (effectiveRoleIds(data, user.id, project.id).length === 0) {
    throw unauthorized(`User ${user.id} has no access to project ${project.id}`)
  }
  return project.id
}

/** POST /v3/auth/tokens: checks every requested method, then issues the token. */
export const authenticate = (cloud: DevCloud, request: AuthRequest): Token => {
  const { identity, scope } = request.auth
  if (identity.methods.length === 0) throw badRequest('Expecting to find methods in identity.')
  const unsupported = identity.methods.filter((m) => !SUPPORTED_METHODS.includes(m))
  if (unsupported.length > 0)
    throw unauthorized('Attempted to authenticate with an unsupported method.')
  const results = identity.methods.map((m) =>
    m === 'password'
      ? byPassword(cloud, identity)
      : m === 'token'
        ? byToken(cloud, identity)
        : byApplicationCredential(cloud, identity)
  )
  const [first, ...rest] = results
  if (!first || rest.some((r) => r.user.id !== first.user.id)) {
    throw unauthorized('User IDs do not match across authentication methods.')
  }
  const merged: MethodResult = Object.assign({}, ...results)
  const trustRef = typeof scope === 'object' ? scope['OS-TRUST:trust'] : undefined
  if (trustRef !== undefined) return trustScoped(cloud, trustRef.id, merged, identity.methods)
  const projectId = resolveScope(cloud, scope, merged)
  const methods = [...new Set([...(merged.parent?.methods ?? []), ...identity.methods])]
  return issueToken(cloud, {
    userId: merged.user.id,
    projectId,
    methods,
    applicationCredential: merged.applicationCredential,
    parent: merged.parent,
  })
}

/**
 * A token scoped to a trust, asked for by its trustee: it acts on the trust's project with the
 * trust's roles, as the trustor when the trust impersonates. Delegated credentials (application
 * credentials, trust tokens) cannot be turned into one.
 */
const trustScoped = (
  cloud: DevCloud,
  trustId: string,
  caller: MethodResult,
  methods: string[]
): Token => {
  const trust: Trust | undefined = cloud.state.data.trusts.find((t) => t.id === trustId)
  if (!trust) throw unauthorized(`Could not find trust: ${trustId}.`)
  if (trust.expiresAt !== null && Date.parse(trust.expiresAt) <= cloud.now().getTime()) {
    throw unauthorized(`Could not find trust: ${trustId}.`)
  }
  if (caller.applicationCredential || caller.parent?.trustId) {
    throw forbidden('Cannot create a trust-scoped token from a delegated credential.')
  }
  if (caller.user.id !== trust.trusteeUserId) throw forbidden('User is not a trustee.')
  return issueToken(cloud, {
    userId: trust.impersonation ? trust.trustorUserId : trust.trusteeUserId,
    projectId: trust.projectId,
    methods: [...new Set([...(caller.parent?.methods ?? []), ...methods])],
    trust,
    parent: caller.parent,
  })
}
