import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { clusterResourceTag, isForCluster, OpenStackClusterCloudFactory } from './cluster-cloud'
import { HttpClient } from './http'
import { KeystoneClient } from './keystone'
import { type Received, type Reply, type ScriptedServer, startScriptedServer } from './test-support'
import { OpenStackAuthError } from './workflow-errors'

const CLUSTER = '7b1c9a4e-2f0d-4c55-9a57-0c2f1d9e8b11'
const OTHER = '0d9b3f61-5b1e-4f0e-8f3a-6a1c2b3d4e5f'
const PROJECT = 'p1'
const HOUR = 3600_000

let server: ScriptedServer
afterEach(() => server.close())

interface Scene {
  octavia?: boolean
  expiresAt?: number
  rejectAuth?: boolean
  floatingips?: Record<string, unknown>[]
  loadbalancers?: Record<string, unknown>[]
  ports?: Record<string, unknown>[]
  security_groups?: Record<string, unknown>[]
}

/** One loopback port playing Keystone, Heat, Neutron and (optionally) Octavia. */
const startCloud = async (scene: Scene) => {
  let tokens = 0
  server = await startScriptedServer((r: Received): Reply => {
    const url = new URL(r.path, 'http://x')
    if (r.method === 'POST' && url.pathname === '/identity/v3/auth/tokens') {
      if (scene.rejectAuth) {
        return {
          status: 401,
          body: {
            error: { code: 401, message: 'The request you have made requires authentication.' },
          },
        }
      }
      tokens++
      const ep = (type: string, path: string) => ({
        type,
        endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${server.url}${path}` }],
      })
      return {
        status: 201,
        headers: { 'X-Subject-Token': `tok-${tokens}` },
        body: {
          token: {
            methods: ['application_credential'],
            user: { id: 'u1' },
            project: { id: PROJECT },
            roles: [{ name: 'member' }],
            expires_at: new Date(scene.expiresAt ?? Date.now() + HOUR).toISOString(),
            catalog: [
              ep('identity', '/identity/v3'),
              ep('orchestration', `/heat/v1/${PROJECT}`),
              ep('network', '/neutron'),
              ...(scene.octavia ? [ep('load-balancer', '/octavia')] : []),
            ],
          },
        },
      }
    }
    const collection = (url.pathname.split('/').at(-1) ?? '').replace(/-/g, '_')
    if (r.method === 'DELETE') return { status: 204 }
    const items = scene[collection as keyof Scene]
    return Array.isArray(items)
      ? { status: 200, body: { [collection]: items } }
      : { status: 404, body: { error: { message: `no ${url.pathname}` } } }
  })
  const keystone = new KeystoneClient({
    authUrl: `${server.url}/identity`,
    http: new HttpClient({ retries: 0 }),
  })
  return keystone
}

const credentials = { applicationCredentialId: 'ac1', applicationCredentialSecret: 's3cret-value' }
const paths = () => server.received.map((r) => `${r.method} ${r.path}`)

describe('Class: OpenStackClusterCloudFactory', () => {
  it('authenticates with the application credential and points each client at the catalog', async () => {
    // Prepare
    const keystone = await startCloud({ octavia: true, loadbalancers: [] })
    const clouds = new OpenStackClusterCloudFactory({ keystone, region: 'RegionOne' })

    // Act
    const cloud = await clouds.open(credentials)
    await cloud.stacks.get('missing')
    await cloud.loadBalancers?.listByDescription(/x/)

    // Assess
    expect(server.received[0]!.body).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: 'ac1', secret: 's3cret-value' },
        },
      },
    })
    expect(server.received[1]).toMatchObject({ path: `/heat/v1/${PROJECT}/stacks/missing` })
    expect(server.received[1]!.headers['x-auth-token']).toBe('tok-1')
    expect(paths()[2]).toBe(`GET /octavia/v2/lbaas/loadbalancers?project_id=${PROJECT}`)
    expect(cloud).toMatchObject({
      projectId: PROJECT,
      region: 'RegionOne',
      authUrl: `${server.url}/identity/v3`,
    })
  })

  it('keeps the token until near its expiry, then authenticates again', async () => {
    // Prepare
    let now = Date.now()
    const keystone = await startCloud({ expiresAt: now + HOUR })
    const clouds = new OpenStackClusterCloudFactory({ keystone, now: () => now })

    // Act
    await Promise.all([clouds.open(credentials), clouds.open(credentials)])
    await clouds.open(credentials)
    const before = server.received.length
    now += HOUR - 299_000 // inside the 300 s margin
    await clouds.open(credentials)

    // Assess
    expect(before).toBe(1)
    expect(server.received).toHaveLength(2)
  })

  it('has no load balancers without Octavia in the catalog', async () => {
    const keystone = await startCloud({})
    const cloud = await new OpenStackClusterCloudFactory({ keystone }).open(credentials)
    expect(cloud.loadBalancers).toBeUndefined()
  })

  it('fails a rejected credential as OpenStack.Auth', async () => {
    const keystone = await startCloud({ rejectAuth: true })
    const e = await new OpenStackClusterCloudFactory({ keystone }).open(credentials).catch((x) => x)
    expect(e).toBeInstanceOf(OpenStackAuthError)
    expect(e.name).toBe('OpenStack.Auth')
    expect(String(e.message)).not.toContain('s3cret-value')
  })

  it("lists the cluster's load balancers with the floating IP on their VIP", async () => {
    // Prepare
    const keystone = await startCloud({
      octavia: true,
      loadbalancers: [
        {
          id: 'lb1',
          name: 'kube_service_web',
          description: `Kubernetes external service default/web from cluster ${CLUSTER}`,
          provisioning_status: 'ACTIVE',
          vip_port_id: 'vip1',
        },
        {
          id: 'lb2',
          name: null,
          description: `Kubernetes external service default/db from cluster ${CLUSTER}`,
          provisioning_status: 'ERROR',
          vip_port_id: 'vip2',
        },
        { id: 'lb3', description: 'mine', provisioning_status: 'ACTIVE', vip_port_id: 'vip3' },
      ],
      floatingips: [{ id: 'fip1', floating_ip_address: '172.24.4.9', port_id: 'vip1' }],
    })
    const cloud = await new OpenStackClusterCloudFactory({ keystone }).open(credentials)

    // Act
    const lbs = await cloud.loadBalancers!.listByDescription(
      new RegExp(`^Kubernetes .+ from cluster ${CLUSTER}$`)
    )
    await cloud.loadBalancers!.delete('lb1')

    // Assess
    expect(lbs).toEqual([
      {
        id: 'lb1',
        name: 'kube_service_web',
        description: `Kubernetes external service default/web from cluster ${CLUSTER}`,
        provisioningStatus: 'ACTIVE',
        floatingIpId: 'fip1',
      },
      {
        id: 'lb2',
        name: '',
        description: `Kubernetes external service default/db from cluster ${CLUSTER}`,
        provisioningStatus: 'ERROR',
        floatingIpId: null,
      },
    ])
    expect(paths().at(-1)).toBe('DELETE /octavia/v2/lbaas/loadbalancers/lb1?cascade=true')
  })

  it("lists the project's floating IPs, ports and security groups made for the cluster", async () => {
    // Prepare
    const keystone = await startCloud({
      floatingips: [
        {
          id: 'f1',
          floating_ip_address: '172.24.4.10',
          description: `Floating IP for Kubernetes external service default/web from cluster ${CLUSTER.toUpperCase()}`,
        },
        {
          id: 'f2',
          floating_ip_address: '172.24.4.11',
          description: '',
          tags: [clusterResourceTag(CLUSTER)],
        },
        { id: 'f3', floating_ip_address: '172.24.4.12', description: `from cluster ${OTHER}` },
        { id: 'f4', floating_ip_address: '172.24.4.13', description: null },
      ],
      ports: [
        { id: 'p1', name: 'x', network_id: 'n', description: `for ${CLUSTER}` },
        { id: 'p2', name: 'y', network_id: 'n', description: '' },
      ],
      security_groups: [
        {
          id: 's1',
          name: 'lb-sg-1',
          description: `Security Group for default/web Service LoadBalancer in cluster ${CLUSTER}`,
        },
        { id: 's2', name: 'default', description: 'Default security group' },
      ],
    })
    const cloud = await new OpenStackClusterCloudFactory({ keystone }).open(credentials)

    // Act
    const fips = await cloud.floatingIps.listForCluster(CLUSTER)
    const ports = await cloud.ports.listForCluster(CLUSTER)
    const groups = await cloud.securityGroups.listForCluster(CLUSTER)
    await cloud.floatingIps.delete('f1')
    await cloud.ports.delete('p1')
    await cloud.securityGroups.delete('s1')

    // Assess
    expect(fips).toEqual([
      { id: 'f1', address: '172.24.4.10' },
      { id: 'f2', address: '172.24.4.11' },
    ])
    expect(ports).toEqual([{ id: 'p1', name: 'x' }])
    expect(groups).toEqual([{ id: 's1', name: 'lb-sg-1' }])
    expect(paths()).toEqual(
      expect.arrayContaining([
        `GET /neutron/v2.0/floatingips?project_id=${PROJECT}`,
        'DELETE /neutron/v2.0/floatingips/f1',
        'DELETE /neutron/v2.0/ports/p1',
        'DELETE /neutron/v2.0/security-groups/s1',
      ])
    )
  })
})

describe('Function: isForCluster', () => {
  it('matches a description naming the cluster in any case, or the tag', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.string(),
        fc.string(),
        fc.boolean(),
        (uuid, before, after, upper) => {
          const named = `${before}${upper ? uuid.toUpperCase() : uuid}${after}`
          expect(isForCluster({ description: named }, uuid)).toBe(true)
          expect(isForCluster({ tags: ['x', clusterResourceTag(uuid)] }, uuid)).toBe(true)
        }
      )
    )
  })

  it('does not match other clusters, nothing, or a tag of another cluster', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.string(), (uuid, other, text) => {
        fc.pre(uuid !== other && !text.toLowerCase().includes(uuid.toLowerCase()))
        expect(isForCluster({ description: text, tags: [clusterResourceTag(other)] }, uuid)).toBe(
          false
        )
        expect(isForCluster({}, uuid)).toBe(false)
      })
    )
  })

  it('refuses a malformed UUID rather than match everything', () => {
    expect(() => isForCluster({ description: 'anything' }, '')).toThrow(TypeError)
    expect(() => isForCluster({ description: 'anything' }, 'from cluster')).toThrow(TypeError)
  })
})
