import { UnauthorizedError } from '@berth/core/errors'
import type { Principal } from '@berth/core/principal'
import { type RunningDevCloud, startDevCloud } from '@berth/devcloud'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenStackCloudResourcesFactory } from './cloud-resources'
import { HttpClient } from './http'
import { KeystoneClient, principalFromToken } from './keystone'
import type { Credentials } from './keystone-schemas'
import { ServiceAccount } from './service-account'

// The whole package against the development cloud over loopback HTTP, as against a real one.
let cloud: RunningDevCloud
let keystone: KeystoneClient
const http = new HttpClient({ retries: 0 })

const login = (name: 'admin' | 'demo' | 'alt'): Credentials => ({
  method: 'password',
  user: { name, domain: { id: 'default' } },
  password: name,
  project: { name, domain: { id: 'default' } },
})

beforeAll(async () => {
  cloud = await startDevCloud({ port: 0 })
  keystone = new KeystoneClient({ authUrl: cloud.authUrl, http })
})
afterAll(() => cloud.close())

const userCloud = async (name: 'admin' | 'demo' | 'alt') => {
  const { token, body } = await keystone.authenticate(login(name))
  const principal = principalFromToken(await keystone.validateToken(token), token)
  const factory = new OpenStackCloudResourcesFactory({ keystone, http })
  return { principal, body, resources: await factory.forPrincipal(principal) }
}

describe('@berth/openstack against the development cloud', () => {
  it('authenticates and turns the validated token into a principal', async () => {
    // Act
    const { principal, body } = await userCloud('demo')

    // Assess
    expect(principal).toMatchObject({
      userName: 'demo',
      projectName: 'demo',
      userDomainId: 'default',
      authMethod: 'keystone',
    })
    expect(principal.roles).toContain('member')
    expect(body.catalog?.map((e) => e.type)).toEqual(
      expect.arrayContaining(['image', 'compute', 'network'])
    )
  })

  it('rejects a wrong password and an unknown token', async () => {
    await expect(
      keystone.authenticate({ ...login('demo'), password: 'not-demo' } as Credentials)
    ).rejects.toBeInstanceOf(UnauthorizedError)
    await expect(keystone.validateToken('gAAAAAB-not-a-token')).rejects.toBeInstanceOf(
      UnauthorizedError
    )
  })

  it('finds images by name and id, with os_distro', async () => {
    // Prepare
    const { resources } = await userCloud('demo')

    // Act
    const fcos = await resources.findImage('fedora-coreos')
    const byId = fcos === undefined ? undefined : await resources.findImage(fcos.id)

    // Assess
    expect(fcos).toMatchObject({
      name: 'fedora-coreos',
      osDistro: 'fedora-coreos',
      visibility: 'public',
    })
    expect(byId).toEqual(fcos)
    expect(await resources.findImage('ubuntu-jammy')).toMatchObject({ osDistro: 'ubuntu' })
    expect(await resources.findImage('no-such-image')).toBeUndefined()
  })

  it('finds flavors by id and by name', async () => {
    // Prepare
    const { resources } = await userCloud('demo')

    // Act & Assess
    expect(await resources.findFlavor('1')).toMatchObject({
      name: 'm1.tiny',
      ramMb: 512,
      vcpus: 1,
      diskGb: 1,
    })
    expect(await resources.findFlavor('m1.large')).toMatchObject({
      id: '4',
      ramMb: 8192,
      vcpus: 4,
      diskGb: 80,
    })
    expect(await resources.findFlavor('m9.huge')).toBeUndefined()
  })

  it("sees only the caller's own keypairs", async () => {
    // Prepare
    const demo = await userCloud('demo')
    const alt = await userCloud('alt')

    // Act & Assess
    expect(await demo.resources.findKeypair('demo-key')).toMatchObject({ name: 'demo-key' })
    expect((await demo.resources.findKeypair('demo-key'))?.fingerprint).toMatch(
      /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/
    )
    expect(await demo.resources.findKeypair('alt-key')).toBeUndefined()
    expect(await alt.resources.findKeypair('alt-key')).toMatchObject({ name: 'alt-key' })
  })

  it('finds the external network; its subnet is visible to the owning project only', async () => {
    // Prepare: `public` belongs to admin and is external but not shared, so its subnet is admin's
    const demo = await userCloud('demo')
    const admin = await userCloud('admin')

    // Act
    const net = await demo.resources.findNetwork('public')
    const subnetId = net?.subnetIds[0] ?? ''
    const subnet = await admin.resources.findSubnet(subnetId)

    // Assess
    expect(net).toMatchObject({ name: 'public', external: true })
    expect(await demo.resources.findNetwork(net?.id ?? '')).toEqual(net)
    expect(await demo.resources.findNetwork('no-such-net')).toBeUndefined()
    expect(subnet).toMatchObject({ id: subnetId, networkId: net?.id })
    expect(await admin.resources.findSubnet(subnet?.name ?? '')).toEqual(subnet)
    expect(await demo.resources.findSubnet(subnetId)).toBeUndefined()
  })

  it('creates, uses and deletes an application credential', async () => {
    // Prepare
    const { token, body } = await keystone.authenticate(login('demo'))

    // Act
    const ac = await keystone.createApplicationCredential(token, {
      name: `berth-test-${Date.now()}`,
      roles: ['member'],
      expiresAt: new Date(Date.now() + 3_600_000),
      description: 'openstack package test',
    })
    const viaId = await keystone.authenticate({
      method: 'application_credential',
      id: ac.id,
      secret: ac.secret ?? '',
    })
    const viaName = await keystone.authenticate({
      method: 'application_credential',
      name: ac.name,
      secret: ac.secret ?? '',
      user: { name: 'demo', domain: { id: 'default' } },
    })
    const deleted = await keystone.deleteApplicationCredential(token, ac.id)
    const deletedAgain = await keystone.deleteApplicationCredential(token, ac.id)

    // Assess
    expect(ac.unrestricted).toBe(false)
    expect(viaId.body.project?.id).toBe(body.project?.id)
    expect(viaId.body.application_credential?.id).toBe(ac.id)
    expect(viaName.body.user.id).toBe(body.user.id)
    expect([deleted, deletedAgain]).toEqual([true, false])
    await expect(
      keystone.authenticate({
        method: 'application_credential',
        id: ac.id,
        secret: ac.secret ?? '',
      })
    ).rejects.toBeInstanceOf(UnauthorizedError)
  })

  it("serves an OIDC caller through Berth's service account", async () => {
    // Prepare
    const serviceAccount = new ServiceAccount(keystone, {
      credentials: {
        method: 'password',
        user: { name: 'berth', domain: { id: 'default' } },
        password: 'berth',
        project: { name: 'service', domain: { id: 'default' } },
      },
    })
    const factory = new OpenStackCloudResourcesFactory({ keystone, http, serviceAccount })
    const oidc: Principal = {
      userId: 'alice@idp',
      projectId: 'p-external',
      roles: ['member'],
      authMethod: 'oidc',
    }

    // Act
    const resources = await factory.forPrincipal(oidc)

    // Assess
    expect(await resources.findImage('fedora-coreos')).toMatchObject({ osDistro: 'fedora-coreos' })
    expect(await resources.findNetwork('public')).toMatchObject({ external: true })
  })

  it('stops trusting a cached token once it expires', async () => {
    // Prepare: one clock for the cloud and the client, moved forward past the token's life
    let offsetMs = 0
    const clock = () => Date.now() + offsetMs
    const shortLived = await startDevCloud({
      port: 0,
      tokenTtlSeconds: 600,
      now: () => new Date(clock()),
    })
    try {
      const client = new KeystoneClient({
        authUrl: shortLived.authUrl,
        http,
        cacheSeconds: 3600,
        now: clock,
      })
      const { token } = await client.authenticate(login('demo'))
      await client.validateToken(token)

      // Act
      offsetMs = 599_000
      const stillValid = await client.validateToken(token)
      offsetMs = 601_000
      const expired = await client.validateToken(token).catch((e: unknown) => e)

      // Assess
      expect(stillValid.user.name).toBe('demo')
      expect(expired).toBeInstanceOf(UnauthorizedError)
    } finally {
      await shortLived.close()
    }
  })
})
