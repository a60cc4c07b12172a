import {
  ConflictError,
  DependencyError,
  ForbiddenError,
  UnauthorizedError,
} from '@berth/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HttpClient } from './http'
import { type AuthResult, KeystoneClient, principalFromToken } from './keystone'
import type { TokenBody } from './keystone-schemas'
import { type Received, type Reply, type ScriptedServer, startScriptedServer } from './test-support'

const T0 = Date.parse('2030-01-01T00:00:00Z')

const tokenBody = (expiresAt: number, extra: Partial<TokenBody> = {}): TokenBody => ({
  methods: ['password'],
  user: { id: 'u1', name: 'demo', domain: { id: 'default', name: 'Default' } },
  project: { id: 'p1', name: 'demo', domain: { id: 'default', name: 'Default' } },
  roles: [
    { id: 'r1', name: 'member' },
    { id: 'r2', name: 'reader' },
  ],
  expires_at: new Date(expiresAt).toISOString(),
  catalog: [],
  ...extra,
})

/** A Keystone that knows some tokens; validations are counted per subject token. */
class FakeKeystone {
  tokens = new Map<string, TokenBody>()
  validations: string[] = []
  failWith: number | undefined
  delayMs = 0
  server!: ScriptedServer

  async start() {
    this.server = await startScriptedServer((r) => this.handle(r))
    return this
  }

  private handle(r: Received): Reply {
    if (this.failWith !== undefined) return { status: this.failWith, body: 'Service Unavailable' }
    if (r.method === 'GET' && r.path === '/v3/auth/tokens') {
      const subject = String(r.headers['x-subject-token'])
      this.validations.push(subject)
      const auth = String(r.headers['x-auth-token'])
      if (auth !== 'service-token' && !this.tokens.has(auth)) {
        return { status: 401, body: { error: { code: 401, message: 'no', title: 'Unauthorized' } } }
      }
      const body = this.tokens.get(subject)
      if (body === undefined) {
        return {
          status: 404,
          body: { error: { code: 404, message: 'Could not recognize Fernet token' } },
        }
      }
      return { status: 200, body: { token: body }, delayMs: this.delayMs }
    }
    return { status: 404, body: { error: { message: 'unexpected request' } } }
  }
}

describe('Class: KeystoneClient', () => {
  let ks: FakeKeystone
  let now: number
  const http = new HttpClient({ retries: 0 })
  const client = (extra: Partial<ConstructorParameters<typeof KeystoneClient>[0]> = {}) =>
    new KeystoneClient({ authUrl: ks.server.url, http, now: () => now, ...extra })

  beforeEach(async () => {
    ks = await new FakeKeystone().start()
    now = T0
  })
  afterEach(() => ks.server.close())

  describe('Method: validateToken', () => {
    it('validates a token with itself and answers again from the cache', async () => {
      // Prepare
      ks.tokens.set('tok-a', tokenBody(T0 + 3_600_000))
      const keystone = client()

      // Act
      const first = await keystone.validateToken('tok-a')
      const second = await keystone.validateToken('tok-a')

      // Assess
      expect(first.user.name).toBe('demo')
      expect(second).toEqual(first)
      expect(ks.validations).toEqual(['tok-a'])
      expect(ks.server.received[0]?.headers['x-auth-token']).toBe('tok-a')
    })

    it('asks Keystone again once the cache time has passed', async () => {
      // Prepare
      ks.tokens.set('tok-a', tokenBody(T0 + 3_600_000))
      const keystone = client({ cacheSeconds: 60 })
      await keystone.validateToken('tok-a')

      // Act
      now = T0 + 59_000
      await keystone.validateToken('tok-a')
      now = T0 + 61_000
      await keystone.validateToken('tok-a')

      // Assess
      expect(ks.validations).toHaveLength(2)
    })

    it('never serves a token from the cache past its expiry', async () => {
      // Prepare: the token expires well before the cache time would end
      ks.tokens.set('tok-a', tokenBody(T0 + 30_000))
      const keystone = client({ cacheSeconds: 300 })
      await keystone.validateToken('tok-a')
      ks.tokens.delete('tok-a') // Keystone no longer knows it, as after expiry

      // Act
      now = T0 + 30_000
      const result = keystone.validateToken('tok-a')

      // Assess
      await expect(result).rejects.toBeInstanceOf(UnauthorizedError)
      expect(ks.validations).toHaveLength(2)
    })

    it('rejects a token Keystone calls valid but whose expiry has passed by our clock', async () => {
      // Prepare
      ks.tokens.set('tok-a', tokenBody(T0 - 1000))

      // Act & Assess
      await expect(client().validateToken('tok-a')).rejects.toBeInstanceOf(UnauthorizedError)
    })

    it('coalesces concurrent validations of one token into one request', async () => {
      // Prepare
      ks.tokens.set('tok-a', tokenBody(T0 + 3_600_000))
      ks.delayMs = 50
      const keystone = client()

      // Act
      const bodies = await Promise.all(
        Array.from({ length: 8 }, () => keystone.validateToken('tok-a'))
      )

      // Assess
      expect(ks.validations).toEqual(['tok-a'])
      expect(new Set(bodies.map((b) => b.user.id))).toEqual(new Set(['u1']))
    })

    it('rejects unknown tokens with Keystone wording and remembers that briefly', async () => {
      // Prepare
      const keystone = client({ negativeCacheSeconds: 10 })

      // Act
      const first = await keystone.validateToken('bogus').catch((e: unknown) => e)
      now = T0 + 9_000
      const second = await keystone.validateToken('bogus').catch((e: unknown) => e)
      const asked = ks.validations.length
      now = T0 + 11_000
      await keystone.validateToken('bogus').catch(() => undefined)

      // Assess
      expect(first).toBeInstanceOf(UnauthorizedError)
      expect((first as Error).message).toBe('The request you have made requires authentication.')
      expect(second).toBeInstanceOf(UnauthorizedError)
      expect(asked).toBe(1)
      expect(ks.validations).toHaveLength(2)
    })

    it('turns a Keystone failure into DependencyError and does not cache it', async () => {
      // Prepare
      ks.tokens.set('tok-a', tokenBody(T0 + 3_600_000))
      ks.failWith = 503
      const keystone = client()

      // Act
      const failed = await keystone.validateToken('tok-a').catch((e: unknown) => e)
      ks.failWith = undefined
      const body = await keystone.validateToken('tok-a')

      // Assess
      expect(failed).toBeInstanceOf(DependencyError)
      expect((failed as DependencyError).service).toBe('keystone')
      expect(body.user.id).toBe('u1')
    })

    it('keeps at most cacheSize tokens, dropping the least recently used', async () => {
      // Prepare
      for (const t of ['t1', 't2', 't3']) ks.tokens.set(t, tokenBody(T0 + 3_600_000))
      const keystone = client({ cacheSize: 2 })

      // Act
      await keystone.validateToken('t1')
      await keystone.validateToken('t2')
      await keystone.validateToken('t3')
      await keystone.validateToken('t3')
      await keystone.validateToken('t1')

      // Assess
      expect(ks.validations).toEqual(['t1', 't2', 't3', 't1'])
    })

    it('validates with the service token when one is configured', async () => {
      // Prepare
      ks.tokens.set('tok-a', tokenBody(T0 + 3_600_000))
      const keystone = client({ serviceToken: async () => 'service-token' })

      // Act
      await keystone.validateToken('tok-a')

      // Assess
      expect(ks.server.received[0]?.headers['x-auth-token']).toBe('service-token')
      expect(ks.server.received[0]?.headers['x-subject-token']).toBe('tok-a')
    })

    it("blames Berth, not the caller, when Keystone rejects Berth's service token", async () => {
      // Prepare
      ks.tokens.set('tok-a', tokenBody(T0 + 3_600_000))
      const keystone = client({ serviceToken: async () => 'expired-service-token' })

      // Act & Assess
      await expect(keystone.validateToken('tok-a')).rejects.toBeInstanceOf(DependencyError)
    })

    it('keeps the token out of every error it raises', async () => {
      // Prepare
      ks.failWith = 500
      const keystone = client()

      // Act
      const e = await keystone.validateToken('very-secret-token-value').catch((err: unknown) => err)

      // Assess
      let text = ''
      for (let c: unknown = e; c instanceof Error; c = c.cause) text += `${c.message}\n`
      expect(text).toContain('keystone')
      expect(text).not.toContain('very-secret-token-value')
    })
  })
})

describe('Class: KeystoneClient (authentication and application credentials)', () => {
  let server: ScriptedServer
  let issued: Record<string, unknown>[]
  const http = new HttpClient({ retries: 0 })

  beforeEach(async () => {
    issued = []
    server = await startScriptedServer((r) => {
      if (r.method === 'POST' && r.path === '/v3/auth/tokens') {
        const auth = (r.body as { auth: Record<string, unknown> }).auth
        issued.push(auth)
        if (JSON.stringify(auth).includes('deleted-ac')) {
          return {
            status: 404,
            body: { error: { code: 404, message: 'Could not find Application Credential: x.' } },
          }
        }
        if (JSON.stringify(auth).includes('wrong')) {
          return {
            status: 401,
            body: {
              error: { code: 401, message: 'The request you have made requires authentication.' },
            },
          }
        }
        return {
          status: 201,
          headers: { 'X-Subject-Token': 'new-token' },
          body: { token: tokenBody(T0 + 3_600_000) },
        }
      }
      if (r.method === 'GET' && r.path === '/v3/auth/tokens') {
        return { status: 200, body: { token: tokenBody(Date.now() + 3_600_000) } }
      }
      if (r.method === 'POST' && r.path === '/v3/users/u1/application_credentials') {
        const ac = (r.body as { application_credential: Record<string, unknown> })
          .application_credential
        if (ac.name === 'taken') {
          return {
            status: 409,
            body: { error: { code: 409, message: 'Duplicate entry found with name taken.' } },
          }
        }
        return {
          status: 201,
          body: { application_credential: { id: 'ac1', secret: 'generated', ...ac } },
        }
      }
      if (r.method === 'DELETE' && r.path === '/v3/users/u1/application_credentials/ac1')
        return { status: 204 }
      return {
        status: 404,
        body: { error: { code: 404, message: 'Could not find Application Credential' } },
      }
    })
  })
  afterEach(() => server.close())

  const keystone = () => new KeystoneClient({ authUrl: `${server.url}/v3/`, http })

  it.each([
    [
      'password by user name and project name',
      {
        method: 'password',
        user: { name: 'demo', domain: { id: 'default' } },
        password: 'pw',
        project: { name: 'demo', domain: { name: 'Default' } },
      },
      {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { id: 'default' }, password: 'pw' } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    ],
    [
      'password by ids',
      { method: 'password', user: { id: 'u1' }, password: 'pw', project: { id: 'p1' } },
      {
        identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw' } } },
        scope: { project: { id: 'p1' } },
      },
    ],
    [
      'token rescoped to a project',
      { method: 'token', token: 'old', project: { id: 'p2' } },
      { identity: { methods: ['token'], token: { id: 'old' } }, scope: { project: { id: 'p2' } } },
    ],
    [
      'application credential by id',
      { method: 'application_credential', id: 'ac1', secret: 's' },
      {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: 'ac1', secret: 's' },
        },
      },
    ],
    [
      'application credential by name and user',
      {
        method: 'application_credential',
        name: 'ci',
        secret: 's',
        user: { name: 'demo', domain: { id: 'default' } },
      },
      {
        identity: {
          methods: ['application_credential'],
          application_credential: {
            name: 'ci',
            secret: 's',
            user: { name: 'demo', domain: { id: 'default' } },
          },
        },
      },
    ],
  ] as const)('authenticates with %s', async (_name, credentials, expected) => {
    // Act
    const result: AuthResult = await keystone().authenticate(credentials)

    // Assess
    expect(issued).toEqual([expected])
    expect(result.token).toBe('new-token')
    expect(result.expiresAt.getTime()).toBe(T0 + 3_600_000)
    expect(result.body.user.id).toBe('u1')
  })

  it('refuses wrong credentials with UnauthorizedError and no password in it', async () => {
    // Act
    const e = await keystone()
      .authenticate({ method: 'password', user: { id: 'u1' }, password: 'wrong-pw' })
      .catch((err: unknown) => err)

    // Assess
    expect(e).toBeInstanceOf(UnauthorizedError)
    let text = ''
    for (let c: unknown = e; c instanceof Error; c = c.cause) text += c.message
    expect(text).not.toContain('wrong-pw')
  })

  it('refuses an application credential Keystone no longer has (404) as UnauthorizedError', async () => {
    const e = await keystone()
      .authenticate({ method: 'application_credential', id: 'deleted-ac', secret: 'sekrit' })
      .catch((err: unknown) => err)
    expect(e).toBeInstanceOf(UnauthorizedError)
  })

  it("creates a restricted application credential for the token's user", async () => {
    // Act
    const ac = await keystone().createApplicationCredential('tok', {
      name: 'berth-cluster-1',
      roles: ['member'],
      expiresAt: new Date('2030-02-01T00:00:00Z'),
      description: 'for cluster 1',
    })

    // Assess
    expect(ac.secret).toBe('generated')
    const post = server.received.find((r) => r.method === 'POST')
    expect(post?.body).toEqual({
      application_credential: {
        name: 'berth-cluster-1',
        unrestricted: false,
        description: 'for cluster 1',
        roles: [{ name: 'member' }],
        expires_at: '2030-02-01T00:00:00.000Z',
      },
    })
  })

  it('reports a taken name as ConflictError', async () => {
    await expect(
      keystone().createApplicationCredential('tok', { name: 'taken' })
    ).rejects.toBeInstanceOf(ConflictError)
  })

  it('deletes an application credential, and says when it was already gone', async () => {
    const k = keystone()
    await expect(k.deleteApplicationCredential('tok', 'ac1')).resolves.toBe(true)
    await expect(k.deleteApplicationCredential('tok', 'gone')).resolves.toBe(false)
  })
})

describe('Function: principalFromToken', () => {
  it('builds the principal from a project-scoped token', () => {
    // Act
    const p = principalFromToken(tokenBody(T0), 'tok')

    // Assess
    expect(p).toEqual({
      userId: 'u1',
      userName: 'demo',
      userDomainId: 'default',
      projectId: 'p1',
      projectName: 'demo',
      projectDomainId: 'default',
      roles: ['member', 'reader'],
      authMethod: 'keystone',
      token: 'tok',
      expiresAt: new Date(T0).toISOString(),
    })
  })

  it('refuses tokens without a project scope', () => {
    const domainScoped = tokenBody(T0, { project: undefined, domain: { id: 'default' } })
    expect(() => principalFromToken(domainScoped)).toThrow(ForbiddenError)
  })
})
