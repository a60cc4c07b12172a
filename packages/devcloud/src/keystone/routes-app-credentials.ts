import { Hono } from 'hono'
import { z } from 'zod'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, conflict, forbidden, notFound, readJsonObject } from '../http'
import { randomHex } from '../ids'
import { keystoneAuthed, requireAdminOrUser, requireUser } from './guard'
import { effectiveRoleIds, rolesByIds } from './lookups'
import type { ApplicationCredential } from './model'
import { collectionLinks, renderApplicationCredential } from './render'
import { generateSecret, hashSecret } from './secrets'
import type { ValidToken } from './tokens'

const CreateSchema = z.object({
  application_credential: z.object({
    name: z.string().min(1).max(255),
    description: z.string().nullish(),
    secret: z.string().min(1).nullish(),
    expires_at: z.string().nullish(),
    roles: z.array(z.object({ id: z.string().optional(), name: z.string().optional() })).nullish(),
    unrestricted: z.boolean().nullish(),
    access_rules: z.array(z.unknown()).nullish(),
  }),
})

const invalid = (reason: string) => badRequest(`Invalid application credential: ${reason}`)

/** Keystone accepts naive timestamps (taken as UTC) as well as zoned ones. */
const parseExpiry = (value: string): string => {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`
  const ms = Date.parse(zoned)
  if (Number.isNaN(ms))
    throw badRequest(`Invalid input for field 'expires_at': '${value}' is not a 'date-time'`)
  return new Date(ms).toISOString()
}

/** Application credentials made with an application credential token, as Keystone forbids. */
const refuseRestrictedCaller = (caller: ValidToken) => {
  if (caller.applicationCredential && !caller.applicationCredential.unrestricted) {
    throw forbidden(
      "You are not authorized to perform the requested action: Using method 'application_credential' is not allowed for managing additional application credentials.."
    )
  }
}

/** /v3/users/{user_id}/application_credentials: create, list, show, delete. */
export const keystoneApplicationCredentialRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const authed = keystoneAuthed(cloud)
  const base = '/v3/users/:userId/application_credentials'
  const render = (a: ApplicationCredential, secret?: string) =>
    renderApplicationCredential(cloud, a, rolesByIds(data, a.roleIds), secret)

  app.post(base, authed, async (c) => {
    const caller = c.get('caller')
    const userId = c.req.param('userId')
    requireUser(caller, userId, 'identity:create_application_credential')
    refuseRestrictedCaller(caller)
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw badRequest(`Invalid input for field '${issue?.path.join('.')}': ${issue?.message}`)
    }
    const req = parsed.data.application_credential
    if (!caller.project) throw invalid('A project-scoped token is required.')
    const projectId = caller.project.id
    if (data.applicationCredentials.some((a) => a.userId === userId && a.name === req.name)) {
      throw conflict(
        `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${req.name}.`
      )
    }
    const held = effectiveRoleIds(data, userId, projectId)
    let roleIds = caller.roles.map((r) => r.id)
    if (req.roles) {
      roleIds = req.roles.map((ref) => {
        const role = data.roles.find((r) =>
          ref.id !== undefined ? r.id === ref.id : r.name === ref.name
        )
        if (!role) throw notFound(`Could not find role: ${ref.id ?? ref.name}.`)
        return role.id
      })
    }
    if (roleIds.some((id) => !held.includes(id))) {
      throw invalid('Cannot create an application credential with unassigned role')
    }
    const expiresAt = req.expires_at ? parseExpiry(req.expires_at) : null
    if (expiresAt !== null && Date.parse(expiresAt) <= cloud.now().getTime()) {
      throw invalid('Expiration time is in the past.')
    }
    const secret = req.secret ?? generateSecret()
    const cred: ApplicationCredential = {
      id: randomHex(),
      name: req.name,
      description: req.description ?? null,
      userId,
      projectId,
      secretHash: hashSecret(secret),
      roleIds: [...new Set(roleIds)],
      expiresAt,
      unrestricted: req.unrestricted ?? false,
      createdAt: cloud.now().toISOString(),
    }
    data.applicationCredentials.push(cred)
    cloud.state.save()
    return c.json({ application_credential: render(cred, secret) }, 201)
  })

  app.get(base, authed, (c) => {
    const userId = c.req.param('userId')
    requireAdminOrUser(c.get('caller'), userId, 'identity:list_application_credentials')
    const name = c.req.query('name')
    const creds = data.applicationCredentials.filter(
      (a) => a.userId === userId && (name === undefined || a.name === name)
    )
    return c.json({
      application_credentials: creds.map((a) => render(a)),
      links: collectionLinks(c),
    })
  })

  const find = (userId: string, id: string) => {
    const cred = data.applicationCredentials.find((a) => a.id === id && a.userId === userId)
    if (!cred) throw notFound(`Could not find Application Credential: ${id}.`)
    return cred
  }

  app.get(`${base}/:id`, authed, (c) => {
    const userId = c.req.param('userId')
    requireAdminOrUser(c.get('caller'), userId, 'identity:get_application_credential')
    return c.json({ application_credential: render(find(userId, c.req.param('id'))) })
  })

  app.delete(`${base}/:id`, authed, (c) => {
    const caller = c.get('caller')
    const userId = c.req.param('userId')
    requireAdminOrUser(caller, userId, 'identity:delete_application_credential')
    refuseRestrictedCaller(caller)
    const cred = find(userId, c.req.param('id'))
    data.applicationCredentials.splice(data.applicationCredentials.indexOf(cred), 1)
    // Tokens issued from it stop validating (checkToken looks the credential up); drop them too.
    for (const [id, token] of Object.entries(data.tokens)) {
      if (token.applicationCredentialId === cred.id) delete data.tokens[id]
    }
    cloud.state.save()
    return c.body(null, 204)
  })

  return app
}
