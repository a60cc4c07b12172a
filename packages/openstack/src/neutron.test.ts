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
