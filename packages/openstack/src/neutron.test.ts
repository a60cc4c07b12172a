import { ConflictError } from '@berth/core/errors'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpClient } from './http'
import { NeutronClient } from './neutron'
import { type Received, type ScriptedServer, startScriptedServer } from './test-support'

const NET = '554238c0-a507-4767-bc34-9d053099ac00'
const SUB = '36b18364-23d6-455c-a885-5481f1cdf301'
const networks = [
  { id: NET, name: 'public', 'router:external': true, subnets: [SUB], status: 'ACTIVE' },
  {
    id: '00000000-0000-0000-0000-00000000000a',
    name: 'private',
    'router:external': false,
    subnets: [],
  },
  { id: '00000000-0000-0000-0000-00000000000b', name: 'twin', subnets: [] },
  { id: '00000000-0000-0000-0000-00000000000c', name: 'twin', subnets: [] },
]
const subnets = [
  { id: SUB, name: 'public-subnet', network_id: NET, cidr: '172.24.4.0/24', ip_version: 4 },
]

let server: ScriptedServer
afterEach(() => server.close())

const startNeutron = async () => {
  server = await startScriptedServer((r: Received) => {
    const url = new URL(r.path, 'http://x')
    const [, , collection, id] = url.pathname.split('/')
    const items: { id: string; name: string }[] = collection === 'networks' ? networks : subnets
    const kind = collection === 'networks' ? 'Network' : 'Subnet'
    if (id !== undefined) {
      const found = items.find((i) => i.id === id)
      return found === undefined
        ? {
            status: 404,
            body: {
              NeutronError: {
                type: `${kind}NotFound`,
                message: `${kind} ${id} could not be found.`,
                detail: '',
              },
            },
          }
        : { status: 200, body: { [kind.toLowerCase()]: found } }
    }
    const name = url.searchParams.get('name')
    return {
      status: 200,
      body: { [collection ?? '']: items.filter((i) => name === null || i.name === name) },
    }
  })
  return new NeutronClient({
    http: new HttpClient({ retries: 0 }),
    url: `${server.url}/v2.0`,
    token: 't',
  })
}

describe('Class: NeutronClient', () => {
  it('finds a network by id and by name, with router:external', async () => {
    // Prepare
    const neutron = await startNeutron()

    // Act
    const byId = await neutron.findNetwork(NET)
    const byName = await neutron.findNetwork('public')

    // Assess
    expect(byId).toEqual(byName)
    expect(byId?.['router:external']).toBe(true)
    expect(byId?.subnets).toEqual([SUB])
    expect(server.received.map((r) => r.path)).toEqual([
      `/v2.0/networks/${NET}`,
      '/v2.0/networks?name=public',
    ])
  })

  it("refuses an ambiguous network name with Magnum's conflict", async () => {
    const neutron = await startNeutron()
    await expect(neutron.findNetwork('twin')).rejects.toThrow(
      new ConflictError(
        "Multiple networks exist with same name 'twin'. Please use the network ID instead."
      )
    )
  })

  it('returns undefined for unknown networks and subnets', async () => {
    const neutron = await startNeutron()
    await expect(neutron.findNetwork('nope')).resolves.toBeUndefined()
    await expect(
      neutron.findNetwork('00000000-0000-0000-0000-000000000000')
    ).resolves.toBeUndefined()
    await expect(neutron.findSubnet('nope')).resolves.toBeUndefined()
  })

  it('finds a subnet by id and by name', async () => {
    // Prepare
    const neutron = await startNeutron()

    // Act & Assess
    await expect(neutron.findSubnet(SUB)).resolves.toMatchObject({
      network_id: NET,
      cidr: '172.24.4.0/24',
    })
    await expect(neutron.findSubnet('public-subnet')).resolves.toMatchObject({ id: SUB })
  })
})

describe('Class: NeutronClient (cleanup collections)', () => {
  const fip = (id: string, description: string) => ({
    id,
    floating_ip_address: `172.24.4.${id.length}`,
    description,
    port_id: null,
    project_id: 'p1',
  })

  /** Serves `collection` in pages of one, answering DELETE by whether the id is known. */
  const startPaged = async (
    collection: string,
    items: { id: string; [k: string]: unknown }[],
    deleteStatus = 204
  ) => {
    server = await startScriptedServer((r: Received) => {
      const url = new URL(r.path, 'http://x')
      const id = url.pathname.split('/')[3]
      if (r.method === 'DELETE') {
        return items.some((i) => i.id === id)
          ? { status: deleteStatus, body: deleteStatus === 204 ? undefined : conflictBody }
          : { status: 404, body: { NeutronError: { message: `${id} not found` } } }
      }
      const at = Number(url.searchParams.get('marker') ?? '0')
      const next =
        at + 1 < items.length ? `http://wrong-host/v2.0/${collection}?marker=${at + 1}` : undefined
      return {
        status: 200,
        body: {
          [collection]: items.slice(at, at + 1),
          [`${collection}_links`]: next === undefined ? [] : [{ rel: 'next', href: next }],
        },
      }
    })
    return new NeutronClient({
      http: new HttpClient({ retries: 0 }),
      url: `${server.url}/v2.0`,
      token: 't',
    })
  }
  const conflictBody = {
    NeutronError: { type: 'SecurityGroupInUse', message: 'Security Group sg in use.' },
  }

  it('lists floating IPs across pages with the filters, and deletes them once', async () => {
    // Prepare
    const neutron = await startPaged('floatingips', [fip('a', 'x'), fip('bb', 'y')])

    // Act
    const all = await neutron.listFloatingIps({ project_id: 'p1' })
    const first = await neutron.deleteFloatingIp('a')
    const again = await neutron.deleteFloatingIp('zz')

    // Assess
    expect(all.map((f) => f.id)).toEqual(['a', 'bb'])
    expect(server.received[0]!.path).toBe('/v2.0/floatingips?project_id=p1')
    expect(server.received[1]!.path).toBe('/v2.0/floatingips?project_id=p1&marker=1')
    expect([first, again]).toEqual([true, false])
    expect(server.received.at(-2)).toMatchObject({ method: 'DELETE', path: '/v2.0/floatingips/a' })
  })

  it('lists and deletes ports by device', async () => {
    const port = {
      id: 'p',
      name: '',
      network_id: 'n',
      device_id: 'd',
      device_owner: 'compute:nova',
    }
    const neutron = await startPaged('ports', [port])
    expect(await neutron.listPorts({ device_id: 'd' })).toEqual([port])
    expect(server.received[0]!.path).toBe('/v2.0/ports?device_id=d')
    expect(await neutron.deletePort('p')).toBe(true)
  })

  it('lets an in-use security group fail as OpenStack.Conflict', async () => {
    const neutron = await startPaged('security_groups', [{ id: 'sg', name: 'lb-sg' }], 409)
    expect((await neutron.listSecurityGroups()).map((g) => g.name)).toEqual(['lb-sg'])
    expect(server.received[0]!.path).toBe('/v2.0/security-groups')
    await expect(neutron.deleteSecurityGroup('sg')).rejects.toMatchObject({
      name: 'OpenStack.Conflict',
      detail: 'Security Group sg in use.',
    })
    await expect(neutron.deleteSecurityGroup('other')).resolves.toBe(false)
  })
})
