import { DependencyError, UnauthorizedError } from '@berth/core/errors'
import type { Principal } from '@berth/core/principal'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OpenStackCloudResourcesFactory } from './cloud-resources'
import { HttpClient } from './http'
import { KeystoneClient } from './keystone'
import { ServiceAccount } from './service-account'
import { type Received, type Reply, type ScriptedServer, startScriptedServer } from './test-support'

const IMG = '3594e753-d783-428f-a2ac-dfca18869a02'

/**
 * One loopback server playing Keystone, Glance, Nova and Neutron, with a catalog of two regions
 * whose endpoints differ by path prefix, so each request shows which endpoint was chosen.
 */
const startCloud = async (opts: { glanceStatus?: number } = {}) => {
  let url = ''
  const catalog = () =>
    ['RegionOne', 'RegionTwo'].flatMap((region) => {
      const p = region === 'RegionOne' ? '' : '/r2'
      return [
        {
          type: 'image',
          endpoints: [{ interface: 'public', region, region_id: region, url: `${url}${p}/image` }],
        },
        {
          type: 'compute',
          endpoints: [
            { interface: 'public', region, region_id: region, url: `${url}${p}/compute/v2.1` },
          ],
        },
        {
          type: 'network',
          endpoints: [
            { interface: 'public', region, region_id: region, url: `${url}${p}/network/` },
          ],
        },
      ]
    })
  const token = (user: string, project: string) => ({
    methods: ['password'],
    user: { id: user, name: user },
    project: { id: project, name: project },
    roles: [{ name: 'member' }],
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    catalog: catalog(),
  })
  const reply = (r: Received): Reply => {
    const path = r.path.replace(/^\/r2/, '')
    if (r.method === 'POST' && path === '/v3/auth/tokens') {
      return {
        status: 201,
        headers: { 'X-Subject-Token': 'service-token' },
        body: { token: token('berth', 'service') },
      }
    }
    if (path === '/v3/auth/tokens') {
      return r.headers['x-subject-token'] === 'user-token'
        ? { status: 200, body: { token: token('demo', 'p1') } }
        : { status: 404, body: { error: { message: 'Could not recognize Fernet token' } } }
    }
    if (path.startsWith('/image/v2/')) {
      if (opts.glanceStatus !== undefined)
        return { status: opts.glanceStatus, body: 'Service Unavailable' }
      return {
        status: 200,
        body: {
          images: [
            {
              id: IMG,
              name: 'fedora-coreos',
              visibility: 'public',
              os_distro: 'fedora-coreos',
              os_distro2: '',
            },
          ],
        },
      }
    }
    if (path === '/compute/v2.1/flavors/m1.small')
      return { status: 404, body: { itemNotFound: { message: 'nope' } } }
    if (path === '/compute/v2.1/flavors/detail') {
      return {
        status: 200,
        body: { flavors: [{ id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 }] },
      }
    }
    if (path === '/compute/v2.1/os-keypairs/demo-key') {
      return { status: 200, body: { keypair: { name: 'demo-key', fingerprint: 'aa:bb' } } }
    }
    if (path.startsWith('/network/v2.0/networks')) {
      return {
        status: 200,
        body: {
          networks: [{ id: 'n1', name: 'public', 'router:external': true, subnets: ['s1'] }],
        },
      }
    }
    if (path.startsWith('/network/v2.0/subnets')) {
      return {
        status: 200,
        body: {
          subnets: [{ id: 's1', name: 'public-subnet', network_id: 'n1', cidr: '10.0.0.0/24' }],
        },
      }
    }
    return { status: 500, body: `unexpected ${r.method} ${r.path}` }
  }
  const server = await startScriptedServer(reply)
  url = server.url
  return server
}

const keystonePrincipal: Principal = {
  userId: 'demo',
  projectId: 'p1',
  roles: ['member'],
  authMethod: 'keystone',
  token: 'user-token',
}
const oidcPrincipal: Principal = {
  userId: 'alice@idp',
  projectId: 'p1',
  roles: ['member'],
  authMethod: 'oidc',
}

describe('Class: OpenStackCloudResourcesFactory', () => {
  let server: ScriptedServer
  const http = new HttpClient({ retries: 0 })
  afterEach(() => server.close())

  describe('with a cloud that answers', () => {
    beforeEach(async () => {
      server = await startCloud()
    })

    it("acts with a Keystone caller's own token and maps every resource", async () => {
      // Prepare
      const keystone = new KeystoneClient({ authUrl: server.url, http })
      const factory = new OpenStackCloudResourcesFactory({ keystone, http })

      // Act
      const cloud = await factory.forPrincipal(keystonePrincipal)
      const image = await cloud.findImage('fedora-coreos')
      const flavor = await cloud.findFlavor('m1.small')
      const keypair = await cloud.findKeypair('demo-key')
      const network = await cloud.findNetwork('public')
      const subnet = await cloud.findSubnet('public-subnet')

      // Assess
      expect(image).toEqual({
        id: IMG,
        name: 'fedora-coreos',
        osDistro: 'fedora-coreos',
        driver: undefined,
        visibility: 'public',
      })
      expect(flavor).toEqual({ id: '2', name: 'm1.small', vcpus: 1, ramMb: 2048, diskGb: 20 })
      expect(keypair).toEqual({ name: 'demo-key', fingerprint: 'aa:bb' })
      expect(network).toEqual({ id: 'n1', name: 'public', external: true, subnetIds: ['s1'] })
      expect(subnet).toEqual({
        id: 's1',
        name: 'public-subnet',
        networkId: 'n1',
        cidr: '10.0.0.0/24',
      })
      const cloudCalls = server.received.filter((r) => !r.path.startsWith('/v3/'))
      expect(cloudCalls.every((r) => r.headers['x-auth-token'] === 'user-token')).toBe(true)
      expect(cloudCalls.map((r) => r.path.split('?')[0])).toEqual([
        '/image/v2/images',
        '/compute/v2.1/flavors/m1.small',
        '/compute/v2.1/flavors/detail',
        '/compute/v2.1/os-keypairs/demo-key',
        '/network/v2.0/networks',
        '/network/v2.0/subnets',
      ])
    })

    it('reuses the validation the identity middleware already did', async () => {
      // Prepare
      const keystone = new KeystoneClient({ authUrl: server.url, http })
      await keystone.validateToken('user-token')
      const factory = new OpenStackCloudResourcesFactory({ keystone, http })

      // Act
      await factory.forPrincipal(keystonePrincipal)
      await factory.forPrincipal(keystonePrincipal)

      // Assess
      expect(server.received.filter((r) => r.path === '/v3/auth/tokens')).toHaveLength(1)
    })

    it('uses the endpoints of the configured region', async () => {
      // Prepare
      const keystone = new KeystoneClient({ authUrl: server.url, http })
      const factory = new OpenStackCloudResourcesFactory({ keystone, http, region: 'RegionTwo' })

      // Act
      await (await factory.forPrincipal(keystonePrincipal)).findImage('fedora-coreos')

      // Assess
      expect(server.received.at(-1)?.path).toBe('/r2/image/v2/images?name=fedora-coreos')
    })

    it("acts for an OIDC caller with Berth's service account", async () => {
      // Prepare
      const keystone = new KeystoneClient({ authUrl: server.url, http })
      const serviceAccount = new ServiceAccount(keystone, {
        credentials: { method: 'application_credential', id: 'ac', secret: 'sec' },
      })
      const factory = new OpenStackCloudResourcesFactory({ keystone, http, serviceAccount })

      // Act
      const network = await (await factory.forPrincipal(oidcPrincipal)).findNetwork('public')

      // Assess
      expect(network?.external).toBe(true)
      expect(server.received.at(-1)?.headers['x-auth-token']).toBe('service-token')
    })

    it('refuses an OIDC caller when no service account is configured', async () => {
      const factory = new OpenStackCloudResourcesFactory({
        keystone: new KeystoneClient({ authUrl: server.url, http }),
        http,
      })
      await expect(factory.forPrincipal(oidcPrincipal)).rejects.toBeInstanceOf(DependencyError)
    })

    it('refuses a Keystone caller whose token is missing or invalid', async () => {
      // Prepare
      const factory = new OpenStackCloudResourcesFactory({
        keystone: new KeystoneClient({ authUrl: server.url, http }),
        http,
      })

      // Act & Assess
      await expect(
        factory.forPrincipal({ ...keystonePrincipal, token: undefined })
      ).rejects.toBeInstanceOf(UnauthorizedError)
      await expect(
        factory.forPrincipal({ ...keystonePrincipal, token: 'revoked' })
      ).rejects.toBeInstanceOf(UnauthorizedError)
    })
  })

  it('reports a failing service as a DependencyError naming it', async () => {
    // Prepare
    server = await startCloud({ glanceStatus: 503 })
    const factory = new OpenStackCloudResourcesFactory({
      keystone: new KeystoneClient({ authUrl: server.url, http }),
      http,
    })
    const cloud = await factory.forPrincipal(keystonePrincipal)

    // Act
    const e = await cloud.findImage('fedora-coreos').catch((err: unknown) => err)

    // Assess
    expect(e).toBeInstanceOf(DependencyError)
    expect((e as DependencyError).service).toBe('glance')
  })
})
