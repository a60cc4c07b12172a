import { DependencyError, ForbiddenError } from '@berth/core/errors'
import { type RunningDevCloud, startDevCloud } from '@berth/devcloud'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenStackClusterCloudFactory } from './cluster-cloud'
import { KeystoneCredentialIssuer } from './credential-issuer'
import { HttpClient } from './http'
import { KeystoneClient } from './keystone'
import type { PasswordCredentials } from './keystone-schemas'
import { ServiceAccount } from './service-account'

// Keystone's side of a cluster credential, against the development cloud's Keystone over HTTP.
let cloud: RunningDevCloud
let keystone: KeystoneClient
const http = new HttpClient({ retries: 0 })

const login = (name: string, project = name): PasswordCredentials => ({
  method: 'password',
  user: { name, domain: { id: 'default' } },
  password: name,
  project: { name: project, domain: { id: 'default' } },
})

beforeAll(async () => {
  cloud = await startDevCloud({ port: 0 })
  keystone = new KeystoneClient({ authUrl: cloud.authUrl, http })
})
afterAll(() => cloud.close())

const berth = () => new ServiceAccount(keystone, { credentials: login('berth', 'service') })
const demoToken = async () => (await keystone.authenticate(login('demo'))).token
const canAuthenticate = (id: string, secret: string) =>
  keystone.authenticate({ method: 'application_credential', id, secret }).then(
    (a) => a,
    () => undefined
  )

describe('Class: KeystoneCredentialIssuer', () => {
  it("issues a restricted credential for the caller's project with exactly the token's roles", async () => {
    // Prepare
    const token = await demoToken()
    const caller = await keystone.validateToken(token)
    const issuer = new KeystoneCredentialIssuer({ keystone, serviceAccount: berth() })

    // Act
    const cred = await issuer.issue(token, 'berth-issue-1', 'Cluster k8s (issue-1)')
    const auth = await canAuthenticate(cred.id, cred.secret)
    const [stored] = await keystone.listApplicationCredentials(token, { name: 'berth-issue-1' })

    // Assess
    expect(cred).toMatchObject({ name: 'berth-issue-1', userId: caller.user.id })
    expect(cred.secret.length).toBeGreaterThan(16)
    expect(auth?.body.project?.id).toBe(caller.project?.id)
    expect(auth?.body.roles?.map((r) => r.name).sort()).toEqual(
      caller.roles?.map((r) => r.name).sort()
    )
    expect(stored).toMatchObject({
      id: cred.id,
      description: 'Cluster k8s (issue-1)',
      unrestricted: false,
      expires_at: null,
    })
  })

  it('sets an expiry only when configured', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z')
    const issuer = new KeystoneCredentialIssuer({
      keystone,
      expiresInSeconds: 86_400,
      now: () => now,
    })
    const token = await demoToken()
    await issuer.issue(token, 'berth-expiring', 'd')
    const [stored] = await keystone.listApplicationCredentials(token, { name: 'berth-expiring' })
    expect(Date.parse(stored?.expires_at ?? '')).toBe(now + 86_400_000)
  })

  it('replaces a credential of the same name left by an earlier attempt', async () => {
    // Prepare
    const token = await demoToken()
    const issuer = new KeystoneCredentialIssuer({ keystone })
    const first = await issuer.issue(token, 'berth-retried', 'd')

    // Act
    const second = await issuer.issue(token, 'berth-retried', 'd')

    // Assess
    expect(second.id).not.toBe(first.id)
    expect(await canAuthenticate(first.id, first.secret)).toBeUndefined()
    expect(await canAuthenticate(second.id, second.secret)).toBeDefined()
    expect(
      await keystone.listApplicationCredentials(token, { name: 'berth-retried' })
    ).toHaveLength(1)
  })

  it('cannot issue with an application credential token (Keystone forbids it)', async () => {
    const issuer = new KeystoneCredentialIssuer({ keystone })
    const cred = await issuer.issue(await demoToken(), 'berth-parent', 'd')
    const restricted = (await canAuthenticate(cred.id, cred.secret))!.token
    await expect(issuer.issue(restricted, 'berth-child', 'd')).rejects.toBeInstanceOf(
      ForbiddenError
    )
  })

  it("revokes as Berth's service account, and again without complaint", async () => {
    // Prepare
    const issuer = new KeystoneCredentialIssuer({ keystone, serviceAccount: berth() })
    const cred = await issuer.issue(await demoToken(), 'berth-revoke', 'd')
    expect(await canAuthenticate(cred.id, cred.secret)).toBeDefined()

    // Act
    await issuer.revoke(cred.userId, cred.id)
    await issuer.revoke(cred.userId, cred.id)

    // Assess
    expect(await canAuthenticate(cred.id, cred.secret)).toBeUndefined()
    const fresh = new OpenStackClusterCloudFactory({ keystone, http })
    await expect(
      fresh.open({ applicationCredentialId: cred.id, applicationCredentialSecret: cred.secret })
    ).rejects.toMatchObject({ name: 'OpenStack.Auth' })
  })

  it('fails to revoke with a clear DependencyError when no service account is configured', async () => {
    const issuer = new KeystoneCredentialIssuer({ keystone })
    const e = await issuer.revoke('u', 'c').catch((x) => x)
    expect(e).toBeInstanceOf(DependencyError)
    expect(e.message).toMatch(/no service account is configured/)
  })

  it('names a service account without the admin role OpenStack.Auth', async () => {
    const issuer = new KeystoneCredentialIssuer({
      keystone,
      serviceAccount: new ServiceAccount(keystone, { credentials: login('alt') }),
    })
    const cred = await issuer.issue(await demoToken(), 'berth-not-alts', 'd')
    await expect(issuer.revoke(cred.userId, cred.id)).rejects.toMatchObject({
      name: 'OpenStack.Auth',
    })
  })
})
