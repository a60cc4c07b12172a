import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

interface Cred {
  id: string
  name: string
  secret?: string
  project_id: string
  user_id: string
  roles: { name: string }[]
  unrestricted: boolean
  expires_at: string | null
}

const DEMO = seedIds.user('demo')
const path = (userId = DEMO) => `/v3/users/${userId}/application_credentials`

const setup = async () => {
  const t = testCloud()
  const demo = await t.tokenFor('demo')
  const create = async (body: Record<string, unknown>, token = demo) =>
    t.request(path(), { method: 'POST', token, json: { application_credential: body } })
  const authWith = (identity: Record<string, unknown>) =>
    t.request('/v3/auth/tokens', {
      method: 'POST',
      json: {
        auth: {
          identity: { methods: ['application_credential'], application_credential: identity },
        },
      },
    })
  return { t, demo, create, authWith }
}

describe('application credentials', () => {
  it('creates one with a generated secret, shown only on create, and the token’s roles', async () => {
    const { t, demo, create } = await setup()
    const res = await create({
      name: 'ci',
      description: null,
      expires_at: null,
      unrestricted: false,
    })
    expect(res.status).toBe(201)
    const cred = ((await res.json()) as { application_credential: Cred }).application_credential
    expect(cred.secret?.length).toBeGreaterThan(40)
    expect(cred).toMatchObject({
      name: 'ci',
      user_id: DEMO,
      project_id: seedIds.project('demo'),
      unrestricted: false,
      expires_at: null,
    })
    expect(cred.roles.map((r) => r.name).sort()).toEqual(['member', 'reader'])
    const shown = (await (await t.request(`${path()}/${cred.id}`, { token: demo })).json()) as {
      application_credential: Cred
    }
    expect(shown.application_credential.secret).toBeUndefined()
    const listed = (await (await t.request(`${path()}?name=ci`, { token: demo })).json()) as {
      application_credentials: Cred[]
    }
    expect(listed.application_credentials.map((c) => c.id)).toEqual([cred.id])
    expect(listed.application_credentials[0]?.secret).toBeUndefined()
    const none = (await (await t.request(`${path()}?name=other`, { token: demo })).json()) as {
      application_credentials: Cred[]
    }
    expect(none.application_credentials).toEqual([])
  })

  it('authenticates by id+secret or name+secret+user into its project with only its roles', async () => {
    const { create, authWith } = await setup()
    const res = await create({
      name: 'reader-only',
      secret: 's3cret',
      roles: [{ name: 'reader' }],
      expires_at: '2099-01-01T00:00:00',
    })
    const cred = ((await res.json()) as { application_credential: Cred }).application_credential
    expect(cred.expires_at).toBe('2099-01-01T00:00:00.000000')
    const byId = await authWith({ id: cred.id, secret: 's3cret' })
    expect(byId.status).toBe(201)
    const token = (await byId.json()) as {
      token: {
        methods: string[]
        project: { name: string }
        roles: { name: string }[]
        application_credential: unknown
      }
    }
    expect(token.token.methods).toEqual(['application_credential'])
    expect(token.token.project.name).toBe('demo')
    expect(token.token.roles.map((r) => r.name)).toEqual(['reader'])
    expect(token.token.application_credential).toEqual({
      id: cred.id,
      name: 'reader-only',
      restricted: true,
    })
    const byName = await authWith({
      name: 'reader-only',
      secret: 's3cret',
      user: { name: 'demo', domain: { name: 'Default' } },
    })
    expect(byName.status).toBe(201)
    expect((await authWith({ id: cred.id, secret: 'wrong' })).status).toBe(401)
    expect((await authWith({ name: 'reader-only', secret: 's3cret' })).status).toBe(400)
  })

  it('refuses roles the user does not hold, unknown roles, duplicates and past expiry', async () => {
    const { create } = await setup()
    const admin = await create({ name: 'x', roles: [{ name: 'admin' }] })
    expect(admin.status).toBe(400)
    expect(((await admin.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid application credential: Cannot create an application credential with unassigned role'
    )
    expect((await create({ name: 'x', roles: [{ name: 'nope' }] })).status).toBe(404)
    expect((await create({ name: 'dup' })).status).toBe(201)
    const dup = await create({ name: 'dup' })
    expect(dup.status).toBe(409)
    expect(((await dup.json()) as { error: { title: string } }).error.title).toBe('Conflict')
    expect((await create({ name: 'old', expires_at: '2001-01-01T00:00:00Z' })).status).toBe(400)
  })

  it('belongs to its user: others may not create, though admin may list', async () => {
    const { t } = await setup()
    const alt = await t.tokenFor('alt')
    const byAlt = await t.request(path(), {
      method: 'POST',
      token: alt,
      json: { application_credential: { name: 'x' } },
    })
    expect(byAlt.status).toBe(403)
    expect((await t.request(path(), { token: alt })).status).toBe(403)
    expect((await t.request(path(), { token: await t.tokenFor('admin') })).status).toBe(200)
  })

  it('cannot be used to create more application credentials unless unrestricted', async () => {
    const { create, authWith } = await setup()
    const cred = (
      (await (await create({ name: 'r', secret: 'pw' })).json()) as { application_credential: Cred }
    ).application_credential
    const tokenRes = await authWith({ id: cred.id, secret: 'pw' })
    const credToken = tokenRes.headers.get('X-Subject-Token') ?? ''
    expect((await create({ name: 'nested' }, credToken)).status).toBe(403)
    const open = (
      (await (await create({ name: 'u', secret: 'pw', unrestricted: true })).json()) as {
        application_credential: Cred
      }
    ).application_credential
    const openToken =
      (await authWith({ id: open.id, secret: 'pw' })).headers.get('X-Subject-Token') ?? ''
    expect((await create({ name: 'nested' }, openToken)).status).toBe(201)
  })

  it('invalidates tokens issued from it when deleted', async () => {
    const { t, demo, create, authWith } = await setup()
    const cred = (
      (await (await create({ name: 'gone', secret: 'pw' })).json()) as {
        application_credential: Cred
      }
    ).application_credential
    const credToken =
      (await authWith({ id: cred.id, secret: 'pw' })).headers.get('X-Subject-Token') ?? ''
    expect((await t.request('/image/v2/images', { token: credToken })).status).toBe(200)
    expect(
      (await t.request(`${path()}/${cred.id}`, { method: 'DELETE', token: demo })).status
    ).toBe(204)
    const validated = await t.request('/v3/auth/tokens', {
      token: demo,
      headers: { 'X-Subject-Token': credToken },
    })
    expect(validated.status).toBe(404)
    expect((await t.request('/image/v2/images', { token: credToken })).status).toBe(401)
    expect((await authWith({ id: cred.id, secret: 'pw' })).status).toBe(401)
    expect((await t.request(`${path()}/${cred.id}`, { token: demo })).status).toBe(404)
  })

  it('stops authenticating once expired', async () => {
    const { t, create, authWith } = await setup()
    const soon = new Date(Date.now() + 30_000).toISOString()
    const cred = (
      (await (await create({ name: 'short', secret: 'pw', expires_at: soon })).json()) as {
        application_credential: Cred
      }
    ).application_credential
    const tokenRes = await authWith({ id: cred.id, secret: 'pw' })
    const body = (await tokenRes.json()) as { token: { expires_at: string } }
    // A token never outlives the credential it came from.
    expect(Date.parse(body.token.expires_at)).toBeLessThanOrEqual(Date.parse(soon))
    t.advanceSeconds(31)
    expect((await authWith({ id: cred.id, secret: 'pw' })).status).toBe(401)
  })
})
