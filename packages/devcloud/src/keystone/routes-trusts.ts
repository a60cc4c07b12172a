import { Hono } from 'hono'
import { z } from 'zod'
import type { CallerEnv } from '../auth'
import { type DevCloud, identityUrl } from '../context'
import { badRequest, forbidden, notFound, readJsonObject } from '../http'
import { randomHex } from '../ids'
import { keystoneAuthed } from './guard'
import { effectiveRoleIds, rolesByIds } from './lookups'
import type { Trust } from './model'
import { collectionLinks, renderRole } from './render'
import { isAdmin, type ValidToken } from './tokens'

/** Keystone's max_redelegation_count: how often a trust that allows it may be passed on. */
const MAX_REDELEGATION_COUNT = 3

const CreateSchema = z.object({
  trust: z.object({
    trustor_user_id: z.string().min(1),
    trustee_user_id: z.string().min(1),
    project_id: z.string().nullish(),
    impersonation: z.boolean(),
    roles: z.array(z.object({ id: z.string().optional(), name: z.string().optional() })).nullish(),
    allow_redelegation: z.boolean().nullish(),
    redelegation_count: z.number().int().min(0).nullish(),
    expires_at: z.string().nullish(),
    remaining_uses: z.number().int().nullish(),
  }),
})

const denied = (action: string) =>
  forbidden(`You are not authorized to perform the requested action: ${action}.`)

/**
 * What may make a trust: the trustor's own token, or a trust token whose trust allows passing
 * it on. Application-credential tokens never may (Keystone's fix for LP#2150089).
 */
const delegationOf = (caller: ValidToken, trustorUserId: string): Trust | undefined => {
  if (caller.applicationCredential) throw denied('Delegated tokens cannot manage trusts.')
  if (caller.user.id !== trustorUserId) throw denied('identity:create_trust')
  if (caller.trust && caller.trust.redelegationCount === 0) {
    throw denied('Delegated tokens cannot manage trusts.')
  }
  return caller.trust
}

/** /v3/OS-TRUST/trusts: create, list (by trustor or trustee), show and delete. */
export const keystoneTrustRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const authed = keystoneAuthed(cloud)
  const base = '/v3/OS-TRUST/trusts'

  const render = (t: Trust) => ({
    roles: rolesByIds(data, t.roleIds).map((r) => renderRole(cloud, r)),
    id: t.id,
    trustor_user_id: t.trustorUserId,
    trustee_user_id: t.trusteeUserId,
    project_id: t.projectId,
    impersonation: t.impersonation,
    expires_at: t.expiresAt === null ? null : t.expiresAt.replace(/\.(\d{3})Z$/, '.$1000Z'),
    remaining_uses: null,
    deleted_at: null,
    redelegated_trust_id: t.redelegatedTrustId,
    redelegation_count: t.redelegationCount,
    roles_links: { self: `${identityUrl(cloud)}/${t.id}/roles`, next: null, previous: null },
    links: { self: `${identityUrl(cloud)}/OS-TRUST/trusts/${t.id}` },
  })

  const find = (id: string) => {
    const trust = data.trusts.find((t) => t.id === id)
    if (!trust) throw notFound(`Could not find trust: ${id}.`)
    return trust
  }

  app.post(base, authed, async (c) => {
    const caller = c.get('caller')
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw badRequest(`Invalid input for field '${issue?.path.join('.')}': ${issue?.message}`)
    }
    const req = parsed.data.trust
    const parent = delegationOf(caller, req.trustor_user_id)
    if (!data.users.some((u) => u.id === req.trustee_user_id)) {
      throw notFound(`Could not find user: ${req.trustee_user_id}.`)
    }
    const projectId = req.project_id ?? caller.project?.id
    if (!projectId || projectId !== caller.project?.id) throw denied('identity:create_trust')
    const held = effectiveRoleIds(data, req.trustor_user_id, projectId)
    const roleIds = (req.roles ?? []).map((ref) => {
      const role = data.roles.find((r) =>
        ref.id !== undefined ? r.id === ref.id : r.name === ref.name
      )
      if (!role || !held.includes(role.id)) {
        throw notFound(`Could not find role: ${role?.id ?? ref.id ?? ref.name}.`)
      }
      return role.id
    })
    const allowed = parent
      ? parent.redelegationCount - 1
      : req.allow_redelegation
        ? MAX_REDELEGATION_COUNT
        : 0
    const trust: Trust = {
      id: randomHex(),
      trustorUserId: req.trustor_user_id,
      trusteeUserId: req.trustee_user_id,
      projectId,
      impersonation: req.impersonation,
      roleIds: [...new Set(roleIds)],
      redelegationCount: Math.min(req.redelegation_count ?? allowed, allowed),
      redelegatedTrustId: parent?.id ?? null,
      expiresAt: req.expires_at ? new Date(Date.parse(req.expires_at)).toISOString() : null,
      createdAt: cloud.now().toISOString(),
    }
    data.trusts.push(trust)
    cloud.state.save()
    return c.json({ trust: render(trust) }, 201)
  })

  app.get(base, authed, (c) => {
    const caller = c.get('caller')
    const trustor = c.req.query('trustor_user_id')
    const trustee = c.req.query('trustee_user_id')
    const own = [trustor, trustee].includes(caller.user.id)
    if (!isAdmin(caller) && !own) throw denied('identity:list_trusts')
    const trusts = data.trusts.filter(
      (t) =>
        (trustor === undefined || t.trustorUserId === trustor) &&
        (trustee === undefined || t.trusteeUserId === trustee)
    )
    return c.json({ trusts: trusts.map(render), links: collectionLinks(c) })
  })

  app.get(`${base}/:id`, authed, (c) => {
    const caller = c.get('caller')
    const trust = find(c.req.param('id'))
    const party = [trust.trustorUserId, trust.trusteeUserId].includes(caller.user.id)
    if (!isAdmin(caller) && !party) throw denied('identity:get_trust')
    return c.json({ trust: render(trust) })
  })

  app.delete(`${base}/:id`, authed, (c) => {
    const caller = c.get('caller')
    const trust = find(c.req.param('id'))
    if (!isAdmin(caller) && caller.user.id !== trust.trustorUserId) {
      throw denied('identity:delete_trust')
    }
    // Trusts passed on from it go with it, and so do tokens scoped to any of them.
    const doomed = new Set([trust.id])
    for (const t of data.trusts)
      if (t.redelegatedTrustId && doomed.has(t.redelegatedTrustId)) doomed.add(t.id)
    for (let i = data.trusts.length - 1; i >= 0; i--) {
      if (doomed.has(data.trusts[i]!.id)) data.trusts.splice(i, 1)
    }
    for (const [id, token] of Object.entries(data.tokens)) {
      if (token.trustId !== null && doomed.has(token.trustId)) delete data.tokens[id]
    }
    cloud.state.save()
    return c.body(null, 204)
  })

  return app
}
