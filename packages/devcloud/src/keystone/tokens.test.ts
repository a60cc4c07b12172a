import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { passwordAuth, testCloud } from '../testing'

interface TokenBody {
  token: {
    methods: string[]
    user: { id: string; name: string; domain: { id: string; name: string } }
    project?: { id: string; name: string; domain: { id: string; name: string } }
    roles?: { id: string; name: string }[]
    catalog?: {
      type: string
      name: string
      endpoints: { interface: string; url: string; region: string }[]
    }[]
    audit_ids: string[]
    expires_at: string
    issued_at: string
    application_credential?: { id: string; name: string; restricted: boolean }
  }
}

const roleNames = (body: TokenBody) => (body.token.roles ?? []).map((r) => r.name).sort()

describe('Keystone discovery', () => {
  it('answers GET / with 300 and the v3 version, and GET /v3 with the version document', async () => {
    const t = testCloud()
    const root = await t.request('/')
    expect(root.status).toBe(300)
    const doc = (await root.json()) as {
      versions: { values: { id: string; links: { href: string }[] }[] }
    }
    expect(doc.versions.values[0]?.id).toBe('v3.14')
    expect(doc.versions.values[0]?.links[0]?.href).toBe('http://127.0.0.1:5000/v3/')
    const v3 = await t.request('/v3')
    expect(v3.status).toBe(200)
    expect(((await v3.json()) as { version: { status: string } }).version.status).toBe('stable')
    expect((await t.request('/v3/')).status).toBe(200)
  })
})

describe('POST /v3/auth/tokens', () => {
  it('issues a project-scoped token with implied roles and the catalog', async () => {
    const t = testCloud({ berthEndpoint: 'http://127.0.0.1:9999/v1' })
    const res = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: passwordAuth('admin', 'admin', 'admin'),
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('X-Subject-Token')).toMatch(/^gAAAAAB/)
    const body = (await res.json()) as TokenBody
    expect(body.token.methods).toEqual(['password'])
    expect(body.token.user).toMatchObject({
      id: seedIds.user('admin'),
      name: 'admin',
      domain: { id: 'default', name: 'Default' },
    })
    expect(body.token.project).toMatchObject({ id: seedIds.project('admin'), name: 'admin' })
    expect(roleNames(body)).toEqual(['admin', 'member', 'reader'])
    expect(body.token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    expect(body.token.audit_ids).toHaveLength(1)
    const types = (body.token.catalog ?? []).map((s) => `${s.type}:${s.name}`)
    expect(types).toEqual([
      'identity:keystone',
      'image:glance',
      'compute:nova',
      'network:neutron',
      'orchestration:heat',
      'load-balancer:octavia',
      'volumev3:cinderv3',
      'container-infra:magnum',
    ])
    const magnum = body.token.catalog?.find((s) => s.type === 'container-infra')
    expect(magnum?.endpoints.map((e) => e.interface).sort()).toEqual([
      'admin',
      'internal',
      'public',
    ])
    expect(
      magnum?.endpoints.every(
        (e) => e.url === 'http://127.0.0.1:9999/v1' && e.region === 'RegionOne'
      )
    ).toBe(true)
    const compute = body.token.catalog?.find((s) => s.type === 'compute')
    expect(compute?.endpoints[0]?.url).toBe('http://127.0.0.1:5000/compute/v2.1')
    // Heat's URL names the token's project, as Keystone substitutes it per token.
    const heat = body.token.catalog?.find((s) => s.type === 'orchestration')
    expect(heat?.endpoints[0]?.url).toBe(
      `http://127.0.0.1:5000/heat-api/v1/${seedIds.project('admin')}`
    )
  })

  it('gives member (and reader) to demo, but not admin', async () => {
    const t = testCloud()
    const res = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: passwordAuth('demo', 'demo', 'demo'),
    })
    expect(roleNames((await res.json()) as TokenBody)).toEqual(['member', 'reader'])
  })

  it('accepts the user by id and the project by id, and omits the catalog with ?nocatalog', async () => {
    const t = testCloud()
    const res = await t.request('/v3/auth/tokens?nocatalog', {
      method: 'POST',
      json: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { id: seedIds.user('alt'), password: 'alt' } },
          },
          scope: { project: { id: seedIds.project('alt') } },
        },
      },
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as TokenBody
    expect(body.token.project?.name).toBe('alt')
    expect(body.token.catalog).toBeUndefined()
  })

  it('issues an unscoped token (no project, roles or catalog) when no scope is asked for', async () => {
    const t = testCloud()
    const res = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: passwordAuth('demo', 'demo'),
    })
    const body = (await res.json()) as TokenBody
    expect(body.token.project).toBeUndefined()
    expect(body.token.roles).toBeUndefined()
    expect(body.token.catalog).toBeUndefined()
  })

  it('rejects a wrong password with Keystone’s 401 document', async () => {
    const t = testCloud()
    const res = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: passwordAuth('demo', 'nope', 'demo'),
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe('Keystone uri="http://127.0.0.1:5000/v3"')
    expect(await res.json()).toEqual({
      error: { code: 401, title: 'Unauthorized', message: 'Invalid username or password' },
    })
  })

  it('refuses a project the user has no role on, and an unknown project', async () => {
    const t = testCloud()
    const other = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: passwordAuth('demo', 'demo', 'alt'),
    })
    expect(other.status).toBe(401)
    expect(((await other.json()) as { error: { message: string } }).error.message).toContain(
      'has no access to project'
    )
    const unknown = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: passwordAuth('demo', 'demo', 'nope'),
    })
    expect(unknown.status).toBe(401)
  })

  it('answers malformed requests with 400', async () => {
    const t = testCloud()
    const notJson = await t.request('/v3/auth/tokens', {
      method: 'POST',
      body: 'xx',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: { title: string } }).error.title).toBe('Bad Request')
    const noDomain = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', password: 'demo' } },
          },
        },
      },
    })
    expect(noDomain.status).toBe(400)
    const noPassword = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: { auth: { identity: { methods: ['password'] } } },
    })
    expect(noPassword.status).toBe(400)
    const totp = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: { auth: { identity: { methods: ['totp'] } } },
    })
    expect(totp.status).toBe(401)
  })

  it('rescopes with the token method, keeping expiry and the audit chain', async () => {
    const t = testCloud()
    const unscoped = await t.tokenFor('demo', null)
    const original = (await (
      await t.request('/v3/auth/tokens', {
        token: unscoped,
        headers: { 'X-Subject-Token': unscoped },
      })
    ).json()) as TokenBody
    const res = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: {
        auth: {
          identity: { methods: ['token'], token: { id: unscoped } },
          scope: { project: { name: 'demo', domain: { name: 'Default' } } },
        },
      },
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as TokenBody
    expect(body.token.methods).toEqual(['password', 'token'])
    expect(body.token.project?.name).toBe('demo')
    expect(body.token.expires_at).toBe(original.token.expires_at)
    expect(body.token.audit_ids[1]).toBe(original.token.audit_ids[0])
  })
})

describe('GET/HEAD/DELETE /v3/auth/tokens', () => {
  it('lets a token validate itself and admin or service users validate any token', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const self = await t.request('/v3/auth/tokens?nocatalog', {
      token: demo,
      headers: { 'X-Subject-Token': demo },
    })
    expect(self.status).toBe(200)
    expect(self.headers.get('X-Subject-Token')).toBe(demo)
    expect(((await self.json()) as TokenBody).token.catalog).toBeUndefined()
    for (const validator of ['admin', 'berth'] as const) {
      const res = await t.request('/v3/auth/tokens', {
        token: await t.tokenFor(validator),
        headers: { 'X-Subject-Token': demo },
      })
      expect(res.status).toBe(200)
      const body = (await res.json()) as TokenBody
      expect(body.token.user.name).toBe('demo')
      expect(body.token.catalog?.length).toBe(8)
    }
    const head = await t.request('/v3/auth/tokens', {
      method: 'HEAD',
      token: demo,
      headers: { 'X-Subject-Token': demo },
    })
    expect(head.status).toBe(200)
  })

  it('forbids another ordinary user from validating a token', async () => {
    const t = testCloud()
    const res = await t.request('/v3/auth/tokens', {
      token: await t.tokenFor('alt'),
      headers: { 'X-Subject-Token': await t.tokenFor('demo') },
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(403)
  })

  it('answers 404 for an unknown subject and 401 for a bad caller token', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const unknown = await t.request('/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': 'gAAAAABnope' },
    })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({
      error: { code: 404, title: 'Not Found', message: 'Could not recognize Fernet token' },
    })
    const badCaller = await t.request('/v3/auth/tokens', {
      token: 'garbage',
      headers: { 'X-Subject-Token': admin },
    })
    expect(badCaller.status).toBe(401)
    const noCaller = await t.request('/v3/auth/tokens', { headers: { 'X-Subject-Token': admin } })
    expect(noCaller.status).toBe(401)
  })

  it('revokes a token with DELETE: it no longer validates nor authenticates', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const admin = await t.tokenFor('admin')
    const del = await t.request('/v3/auth/tokens', {
      method: 'DELETE',
      token: demo,
      headers: { 'X-Subject-Token': demo },
    })
    expect(del.status).toBe(204)
    expect(
      (await t.request('/v3/auth/tokens', { token: admin, headers: { 'X-Subject-Token': demo } }))
        .status
    ).toBe(404)
    expect((await t.request('/compute/v2.1/flavors', { token: demo })).status).toBe(401)
  })

  it('expires tokens after their lifetime; allow_expired still shows them', async () => {
    const t = testCloud({ tokenTtlSeconds: 60 })
    const demo = await t.tokenFor('demo')
    const admin = await t.request('/v3/auth/tokens', {
      method: 'POST',
      json: passwordAuth('admin', 'admin', 'admin'),
    })
    const adminToken = admin.headers.get('X-Subject-Token') ?? ''
    t.advanceSeconds(61)
    // The admin token expired too: get a fresh one to validate with.
    expect(
      (
        await t.request('/v3/auth/tokens', {
          token: adminToken,
          headers: { 'X-Subject-Token': demo },
        })
      ).status
    ).toBe(401)
    const fresh = await t.tokenFor('admin')
    expect(
      (await t.request('/v3/auth/tokens', { token: fresh, headers: { 'X-Subject-Token': demo } }))
        .status
    ).toBe(404)
    const allowed = await t.request('/v3/auth/tokens?allow_expired=1', {
      token: fresh,
      headers: { 'X-Subject-Token': demo },
    })
    expect(allowed.status).toBe(200)
    expect((await t.request('/image/v2/images', { token: demo })).status).toBe(401)
  })
})

describe('/v3/auth/catalog and /v3/auth/projects', () => {
  it('returns the scoped caller’s catalog and the projects they have roles on', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const catalog = (await (await t.request('/v3/auth/catalog', { token: demo })).json()) as {
      catalog: { type: string }[]
    }
    expect(catalog.catalog.map((s) => s.type)).toContain('container-infra')
    const projects = (await (await t.request('/v3/auth/projects', { token: demo })).json()) as {
      projects: { name: string }[]
    }
    expect(projects.projects.map((p) => p.name)).toEqual(['demo'])
  })
})
