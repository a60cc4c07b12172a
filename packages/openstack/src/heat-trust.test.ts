import { DependencyError } from '@berth/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OpenStackClusterCloudFactory } from './cluster-cloud'
import { KeystoneCredentialIssuer } from './credential-issuer'
import { HttpClient } from './http'
import { KeystoneClient } from './keystone'
import { KeystoneTrusts } from './keystone-trusts'
import { ServiceAccount } from './service-account'
import { type Received, type Reply, type ScriptedServer, startScriptedServer } from './test-support'

// Heat through a trust from the cluster's owner to Berth's service account, against a scripted
// Keystone and Heat on one port. The real lab runs the same path in contract-lab.test.ts.
const HOUR = 3_600_000
let server: ScriptedServer
let refuseTrusts: boolean
const calls: string[] = []

const token = (user: string, extra: Record<string, unknown> = {}) => ({
  methods: ['password'],
  user: { id: user },
  project: { id: 'p1' },
  roles: [{ name: 'member' }, { name: 'reader' }],
  expires_at: new Date(Date.now() + HOUR).toISOString(),
  catalog: [
    {
      type: 'orchestration',
      endpoints: [{ interface: 'public', url: `${server.url}/heat/v1/p1` }],
    },
    { type: 'network', endpoints: [{ interface: 'public', url: `${server.url}/neutron` }] },
  ],
  ...extra,
})

const answer = (r: Received): Reply => {
  const auth = (r.body as { auth?: { identity: unknown; scope?: Record<string, unknown> } })?.auth
  if (r.method === 'POST' && r.path === '/v3/auth/tokens' && auth) {
    const identity = JSON.stringify(auth.identity)
    const trust = auth.scope?.['OS-TRUST:trust'] as { id: string } | undefined
    if (trust !== undefined) {
      return {
        status: 201,
        headers: { 'X-Subject-Token': `trust-token-${trust.id}` },
        body: { token: token('u-user', { 'OS-TRUST:trust': { id: trust.id } }) },
      }
    }
    const [name, user] = identity.includes('application_credential')
      ? ['appcred-token', 'u-user']
      : ['berth-token', 'u-berth']
    return { status: 201, headers: { 'X-Subject-Token': name }, body: { token: token(user) } }
  }
  if (r.method === 'GET' && r.path === '/v3/auth/tokens') {
    const subject = String(r.headers['x-subject-token'])
    return { status: 200, body: { token: token(subject === 'user-token' ? 'u-user' : 'u-berth') } }
  }
  if (r.method === 'POST' && r.path === '/v3/users/u-user/application_credentials') {
    return {
      status: 201,
      body: { application_credential: { id: 'ac1', name: 'c', secret: 'ac-secret' } },
    }
  }
  if (r.method === 'POST' && r.path === '/v3/OS-TRUST/trusts') {
    return refuseTrusts
      ? { status: 403, body: { error: { code: 403, message: 'no trusts for you' } } }
      : {
          status: 201,
          body: { trust: { id: 't1', trustor_user_id: 'u-user', trustee_user_id: 'u-berth' } },
        }
  }
  if (r.method === 'DELETE') return { status: 204 }
  return { status: 404, body: { error: { message: `no ${r.method} ${r.path}` } } }
}

beforeEach(async () => {
  refuseTrusts = false
  calls.length = 0
  server = await startScriptedServer((r) => {
    calls.push(`${r.method} ${r.path} ${String(r.headers['x-auth-token'] ?? '')}`.trim())
    return answer(r)
  })
})
afterEach(() => server.close())

const http = new HttpClient({ retries: 0 })
const setup = () => {
  const keystone = new KeystoneClient({ authUrl: server.url, http })
  const serviceAccount = new ServiceAccount(keystone, {
    credentials: {
      method: 'password',
      user: { name: 'berth', domain: { id: 'default' } },
      password: 'berth-pw',
      project: { name: 'service', domain: { id: 'default' } },
    },
  })
  return { keystone, serviceAccount }
}
const bodyOf = (path: string) => server.received.find((r) => r.path === path)?.body

describe('Class: KeystoneTrusts', () => {
  it("trusts the trustee on the token's project with the token's roles, impersonating", async () => {
    const { keystone } = setup()
    const trust = await new KeystoneTrusts(keystone, http).create('user-token', {
      trusteeUserId: 'u-berth',
      allowRedelegation: true,
      expiresAt: new Date('2031-01-01T00:00:00Z'),
    })
    expect(trust.id).toBe('t1')
    expect(bodyOf('/v3/OS-TRUST/trusts')).toEqual({
      trust: {
        trustor_user_id: 'u-user',
        trustee_user_id: 'u-berth',
        project_id: 'p1',
        impersonation: true,
        allow_redelegation: true,
        roles: [{ name: 'member' }, { name: 'reader' }],
        expires_at: '2031-01-01T00:00:00.000Z',
      },
    })
  })
})

describe('Class: KeystoneCredentialIssuer (heatTrust)', () => {
  it('issues the credential and a redelegatable trust to the service account', async () => {
    // Prepare
    const { keystone, serviceAccount } = setup()
    const issuer = new KeystoneCredentialIssuer({ keystone, serviceAccount, heatTrust: true, http })

    // Act
    const issued = await issuer.issue('user-token', 'berth-cluster-x', 'd')

    // Assess
    expect(issued).toEqual({
      id: 'ac1',
      name: 'c',
      userId: 'u-user',
      secret: 'ac-secret',
      trustId: 't1',
    })
    expect(bodyOf('/v3/OS-TRUST/trusts')).toMatchObject({
      trust: { trustee_user_id: 'u-berth', allow_redelegation: true, impersonation: true },
    })
  })

  it('takes the credential back when the trust cannot be made', async () => {
    refuseTrusts = true
    const { keystone, serviceAccount } = setup()
    const issuer = new KeystoneCredentialIssuer({ keystone, serviceAccount, heatTrust: true, http })
    await expect(issuer.issue('user-token', 'berth-cluster-x', 'd')).rejects.toThrow(/no trusts/)
    expect(calls).toContain('DELETE /v3/users/u-user/application_credentials/ac1 user-token')
  })

  it('needs a service account to trust', async () => {
    const { keystone } = setup()
    const issuer = new KeystoneCredentialIssuer({ keystone, heatTrust: true, http })
    await expect(issuer.issue('user-token', 'c', 'd')).rejects.toBeInstanceOf(DependencyError)
    expect(calls).toEqual([])
  })

  it('revokes the trust and the credential as the service account', async () => {
    const { keystone, serviceAccount } = setup()
    const issuer = new KeystoneCredentialIssuer({ keystone, serviceAccount, heatTrust: true, http })
    await issuer.revoke('u-user', 'ac1', 't1')
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([
      'DELETE /v3/OS-TRUST/trusts/t1 berth-token',
      'DELETE /v3/users/u-user/application_credentials/ac1 berth-token',
    ])
  })
})

describe('Class: OpenStackClusterCloudFactory (trustId)', () => {
  it('reaches Heat through the trust and everything else with the credential', async () => {
    // Prepare
    const { keystone, serviceAccount } = setup()
    const clouds = new OpenStackClusterCloudFactory({ keystone, http, serviceAccount })

    // Act
    const cloud = await clouds.open({
      applicationCredentialId: 'ac1',
      applicationCredentialSecret: 'ac-secret',
      trustId: 't1',
    })
    await cloud.stacks.get('s')
    await cloud.floatingIps.listForCluster('7b1c9a4e-2f0d-4c55-9a57-0c2f1d9e8b11').catch(() => [])

    // Assess
    expect(calls).toContain('GET /heat/v1/p1/stacks/s trust-token-t1')
    expect(calls).toContain('GET /neutron/v2.0/floatingips?project_id=p1 appcred-token')
  })

  it('cannot use a trust without a service account', async () => {
    const { keystone } = setup()
    const clouds = new OpenStackClusterCloudFactory({ keystone, http })
    await expect(
      clouds.open({
        applicationCredentialId: 'ac1',
        applicationCredentialSecret: 's',
        trustId: 't1',
      })
    ).rejects.toBeInstanceOf(DependencyError)
  })
})
