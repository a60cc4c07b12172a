import { DependencyError } from '@berth/core/errors'
import { ConfigError } from '@berth/shared/config'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HttpClient } from './http'
import { KeystoneClient } from './keystone'
import { ServiceAccount } from './service-account'
import { type ScriptedServer, startScriptedServer } from './test-support'

const T0 = Date.parse('2030-01-01T00:00:00Z')
const HOUR = 3_600_000

describe('Class: ServiceAccount', () => {
  let server: ScriptedServer
  let now: number
  let issued: { scope: unknown }[]

  beforeEach(async () => {
    now = T0
    issued = []
    server = await startScriptedServer((r) => {
      const auth = (
        r.body as { auth: { scope?: { project?: { id?: string } }; identity: unknown } }
      ).auth
      if (JSON.stringify(auth.identity).includes('wrong')) {
        return { status: 401, body: { error: { code: 401, message: 'bad' } } }
      }
      issued.push({ scope: auth.scope })
      const projectId = auth.scope?.project?.id ?? 'service'
      return {
        status: 201,
        delayMs: 20,
        headers: { 'X-Subject-Token': `token-${issued.length}` },
        body: {
          token: {
            methods: ['password'],
            user: { id: 'berth' },
            project: { id: projectId },
            expires_at: new Date(now + HOUR).toISOString(),
            catalog: [],
          },
        },
      }
    })
  })
  afterEach(() => server.close())

  const keystone = () =>
    new KeystoneClient({
      authUrl: server.url,
      http: new HttpClient({ retries: 0 }),
      now: () => now,
    })
  const password = {
    method: 'password',
    user: { name: 'berth', domain: { id: 'default' } },
    password: 'pw',
    project: { name: 'service', domain: { id: 'default' } },
  } as const

  it('reuses its token until the refresh margin before expiry', async () => {
    // Prepare
    const account = new ServiceAccount(keystone(), {
      credentials: password,
      refreshMarginSeconds: 300,
      now: () => now,
    })

    // Act
    const a = await account.token()
    now = T0 + HOUR - 301_000
    const b = await account.token()
    now = T0 + HOUR - 299_000
    const c = await account.token()

    // Assess
    expect(a.token).toBe('token-1')
    expect(b.token).toBe('token-1')
    expect(c.token).toBe('token-2')
  })

  it('authenticates once for concurrent callers', async () => {
    // Prepare
    const account = new ServiceAccount(keystone(), { credentials: password, now: () => now })

    // Act
    const tokens = await Promise.all([
      account.tokenString(),
      account.tokenString(),
      account.tokenString(),
    ])

    // Assess
    expect(new Set(tokens)).toEqual(new Set(['token-1']))
    expect(issued).toHaveLength(1)
  })

  it("scopes a token to each principal's project when so configured", async () => {
    // Prepare
    const account = new ServiceAccount(keystone(), {
      credentials: password,
      scope: 'principal-project',
      now: () => now,
    })

    // Act
    const p1 = await account.token('p1')
    const p2 = await account.token('p2')
    const p1again = await account.token('p1')

    // Assess
    expect(p1.body.project?.id).toBe('p1')
    expect(p2.body.project?.id).toBe('p2')
    expect(p1again.token).toBe(p1.token)
    expect(issued.map((i) => i.scope)).toEqual([
      { project: { id: 'p1' } },
      { project: { id: 'p2' } },
    ])
  })

  it('uses the credentials scope for every project by default', async () => {
    // Prepare
    const account = new ServiceAccount(keystone(), { credentials: password, now: () => now })

    // Act
    await account.token('p1')
    await account.token('p2')

    // Assess
    expect(issued).toEqual([{ scope: { project: { name: 'service', domain: { id: 'default' } } } }])
  })

  it('refuses per-project scope with application credentials at construction', () => {
    expect(
      () =>
        new ServiceAccount(keystone(), {
          credentials: { method: 'application_credential', id: 'ac', secret: 's' },
          scope: 'principal-project',
        })
    ).toThrow(ConfigError)
  })

  it('reports rejected credentials as a dependency failure, not as the caller’s', async () => {
    // Prepare
    const account = new ServiceAccount(keystone(), {
      credentials: { ...password, password: 'wrong' },
    })

    // Act
    const e = await account.token().catch((err: unknown) => err)

    // Assess
    expect(e).toBeInstanceOf(DependencyError)
    expect((e as Error).message).toBe(
      "keystone: authentication of Berth's service account rejected"
    )
  })

  it('acts through a trust: trust scope instead of its project, one token per trust', async () => {
    // Prepare
    const account = new ServiceAccount(keystone(), { credentials: password, now: () => now })

    // Act
    const a = await account.trustToken('trust-a')
    const again = await account.trustToken('trust-a')
    const b = await account.trustToken('trust-b')
    const own = await account.token()

    // Assess
    expect(again.token).toBe(a.token)
    expect(new Set([a.token, b.token, own.token]).size).toBe(3)
    expect(issued.map((i) => i.scope)).toEqual([
      { 'OS-TRUST:trust': { id: 'trust-a' } },
      { 'OS-TRUST:trust': { id: 'trust-b' } },
      { project: { name: 'service', domain: { id: 'default' } } },
    ])
  })

  it('cannot act through a trust with an application credential', async () => {
    const account = new ServiceAccount(keystone(), {
      credentials: { method: 'application_credential', id: 'ac', secret: 's' },
    })
    await expect(account.trustToken('t')).rejects.toBeInstanceOf(DependencyError)
    expect(issued).toHaveLength(0)
  })
})
