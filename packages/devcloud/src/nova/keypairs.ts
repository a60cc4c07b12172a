import { type Context, Hono } from 'hono'
import { z } from 'zod'
import type { DevCloud } from '../context'
import { badRequest, conflict, forbidden, notFound, readJsonObject } from '../http'
import { isAdmin } from '../keystone/tokens'
import { generateSshKeypair, sshFingerprint, x509Fingerprint } from '../ssh-keys'
import { novaTime } from '../time'
import type { NovaEnv } from './env'
import { policyDenied } from './errors'
import type { Keypair } from './model'

const CreateSchema = z.object({
  keypair: z.object({
    name: z.string(),
    public_key: z.string().optional(),
    type: z.enum(['ssh', 'x509']).optional(),
    user_id: z.string().optional(),
  }),
})

// Nova widened the allowed characters in 2.92.
const NAME_CHARS = /^[a-zA-Z0-9 _-]+$/
const NAME_CHARS_292 = /^[a-zA-Z0-9 _\-@.]+$/

/** The user a request acts for: itself, or `?user_id=` (2.10+, admin only). */
const targetUser = (c: Context<NovaEnv>, requested: string | undefined, rule: string): string => {
  const caller = c.get('caller')
  if (requested === undefined || c.get('computeMinor') < 10 || requested === caller.user.id) {
    return caller.user.id
  }
  if (!isAdmin(caller)) throw forbidden(policyDenied(rule))
  return requested
}

const summary = (k: Keypair, minor: number) => ({
  name: k.name,
  public_key: k.publicKey,
  fingerprint: k.fingerprint,
  ...(minor >= 2 ? { type: k.type } : {}),
})

export const novaKeypairRoutes = (cloud: DevCloud) => {
  const app = new Hono<NovaEnv>()
  const { data } = cloud.state
  const find = (userId: string, name: string): Keypair => {
    const keypair = data.keypairs.find((k) => k.userId === userId && k.name === name)
    if (!keypair) throw notFound(`Keypair ${name} not found for user ${userId}`)
    return keypair
  }

  app.get('/v2.1/os-keypairs', (c) => {
    const minor = c.get('computeMinor')
    const userId = targetUser(c, c.req.query('user_id'), 'os_compute_api:os-keypairs:index')
    let keypairs = data.keypairs
      .filter((k) => k.userId === userId)
      .sort((a, b) => a.name.localeCompare(b.name))
    const marker = minor >= 35 ? c.req.query('marker') : undefined
    if (marker !== undefined) {
      const at = keypairs.findIndex((k) => k.name === marker)
      if (at < 0) throw badRequest(`marker [${marker}] not found`)
      keypairs = keypairs.slice(at + 1)
    }
    const limitParam = minor >= 35 ? c.req.query('limit') : undefined
    const limit = limitParam === undefined ? undefined : Number(limitParam)
    const page = limit === undefined ? keypairs : keypairs.slice(0, limit)
    const body: Record<string, unknown> = {
      keypairs: page.map((k) => ({ keypair: summary(k, minor) })),
    }
    const last = page.at(-1)
    if (limit !== undefined && page.length === limit && keypairs.length > limit && last) {
      const next = new URL(c.req.url)
      next.searchParams.set('marker', last.name)
      body.keypairs_links = [{ rel: 'next', href: next.toString() }]
    }
    return c.json(body)
  })

  app.get('/v2.1/os-keypairs/:name', (c) => {
    const userId = targetUser(c, c.req.query('user_id'), 'os_compute_api:os-keypairs:show')
    const k = find(userId, c.req.param('name'))
    return c.json({
      keypair: {
        ...summary(k, c.get('computeMinor')),
        user_id: k.userId,
        created_at: novaTime(k.createdAt),
        deleted: false,
        deleted_at: null,
        id: k.id,
        updated_at: null,
      },
    })
  })

  app.post('/v2.1/os-keypairs', async (c) => {
    const minor = c.get('computeMinor')
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success)
      throw badRequest(
        `Invalid input for field/attribute keypair. ${parsed.error.issues[0]?.message}`
      )
    const req = parsed.data.keypair
    const chars = minor >= 92 ? NAME_CHARS_292 : NAME_CHARS
    if (req.name.length < 1 || req.name.length > 255 || !chars.test(req.name)) {
      throw badRequest(
        "An invalid 'name' value was provided. The name must be: Only expected characters: [_- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ]"
      )
    }
    if (minor >= 92 && req.public_key === undefined) {
      throw badRequest(
        "Invalid input for field/attribute keypair. 'public_key' is a required property"
      )
    }
    const userId = targetUser(c, req.user_id, 'os_compute_api:os-keypairs:create')
    const type = minor >= 2 ? (req.type ?? 'ssh') : 'ssh'
    if (data.keypairs.some((k) => k.userId === userId && k.name === req.name)) {
      throw conflict(`Key pair '${req.name}' already exists.`)
    }
    let publicKey = req.public_key?.trim()
    let privateKey: string | undefined
    let fingerprint: string | undefined
    if (publicKey === undefined) {
      if (type === 'x509')
        throw badRequest(
          'Keypair data is invalid: the development cloud cannot generate x509 keypairs'
        )
      const generated = generateSshKeypair('Generated-by-Nova')
      ;({ publicKey, privateKey, fingerprint } = generated)
    } else {
      fingerprint = type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey)
    }
    if (fingerprint === undefined)
      throw badRequest('Keypair data is invalid: failed to generate fingerprint')
    const keypair: Keypair = {
      id: Math.max(0, ...data.keypairs.map((k) => k.id)) + 1,
      name: req.name,
      userId,
      type,
      publicKey,
      fingerprint,
      createdAt: cloud.now().toISOString(),
    }
    data.keypairs.push(keypair)
    cloud.state.save()
    const body = {
      keypair: {
        ...(privateKey !== undefined ? { private_key: privateKey } : {}),
        ...summary(keypair, minor),
        user_id: userId,
      },
    }
    return c.json(body, minor >= 2 ? 201 : 200)
  })

  app.delete('/v2.1/os-keypairs/:name', (c) => {
    const userId = targetUser(c, c.req.query('user_id'), 'os_compute_api:os-keypairs:delete')
    const keypair = find(userId, c.req.param('name'))
    data.keypairs.splice(data.keypairs.indexOf(keypair), 1)
    cloud.state.save()
    return c.body(null, c.get('computeMinor') >= 2 ? 204 : 202)
  })

  return app
}
