import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

type Json = Record<string, unknown>
const mv = (v: string) => ({ 'OpenStack-API-Version': `compute ${v}` })

const setup = async (serverBuildMs = 1000) => {
  const t = testCloud({ timing: { serverBuildMs } })
  const token = await t.tokenFor('demo')
  const call = async (
    method: string,
    path: string,
    json?: unknown,
    headers: Record<string, string> = {}
  ) => {
    const res = await t.request(path, { method, token, json, headers })
    const text = await res.text()
    return {
      status: res.status,
      headers: res.headers,
      body: (text === '' ? {} : JSON.parse(text)) as Json,
    }
  }
  const net = (await call('POST', '/network/v2.0/networks', { network: { name: 'private' } })).body
    .network as Json
  await call('POST', '/network/v2.0/subnets', {
    subnet: { network_id: net.id, cidr: '10.0.0.0/24', ip_version: 4 },
  })
  return { t, call, net }
}

const boot = (net: Json, flavorRef = '2') => ({
  server: {
    name: 'node-0',
    imageRef: seedIds.image('fedora-coreos'),
    flavorRef,
    key_name: 'demo-key',
    networks: [{ uuid: net.id }],
  },
})

describe('Nova servers', () => {
  it('builds (BUILD → ACTIVE) with a port on the network and shows its addresses', async () => {
    const { t, call, net } = await setup()
    const created = await call('POST', '/compute/v2.1/servers', boot(net))
    expect(created.status).toBe(202)
    const { server } = created.body as { server: Json }
    expect(created.headers.get('Location')).toBe(
      `http://127.0.0.1:5000/compute/v2.1/servers/${String(server.id)}`
    )
    expect(server).toMatchObject({
      'OS-DCF:diskConfig': 'MANUAL',
      security_groups: [{ name: 'default' }],
    })
    const building = (await call('GET', `/compute/v2.1/servers/${String(server.id)}`)).body
      .server as Json
    expect(building).toMatchObject({
      status: 'BUILD',
      addresses: {},
      'OS-EXT-STS:vm_state': 'building',
      key_name: 'demo-key',
    })
    const port = t.cloud.state.data.ports[0]
    expect(port).toMatchObject({ deviceId: server.id, deviceOwner: 'compute:nova' })
    t.advanceSeconds(2)
    const active = (
      await call('GET', `/compute/v2.1/servers/${String(server.id)}`, undefined, mv('2.79'))
    ).body.server as Json
    expect(active).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-STS:vm_state': 'active',
      flavor: { original_name: 'm1.small', ram: 2048 },
      tags: [],
    })
    expect(active.addresses).toEqual({
      private: [
        {
          version: 4,
          addr: '10.0.0.2',
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': port?.macAddress,
        },
      ],
    })
    const list = (await call('GET', '/compute/v2.1/servers?name=^node')).body.servers as Json[]
    expect(list.map((s) => s.name)).toEqual(['node-0'])
    expect(
      (await call('GET', '/compute/v2.1/servers/detail?status=ACTIVE')).body.servers as Json[]
    ).toHaveLength(1)
    expect((await call('DELETE', `/compute/v2.1/servers/${String(server.id)}`)).status).toBe(204)
    expect(t.cloud.state.data.ports).toEqual([])
    expect((await call('GET', `/compute/v2.1/servers/${String(server.id)}`)).body).toEqual({
      itemNotFound: { code: 404, message: `Instance ${String(server.id)} could not be found.` },
    })
  })

  it('goes to ERROR with Nova’s fault when no host fits, and gives its port back', async () => {
    const { t, call, net } = await setup(0)
    t.cloud.faults.noValidHost({ flavors: ['m1.large'] })
    const ok = (await call('POST', '/compute/v2.1/servers', boot(net, '2'))).body.server as Json
    const bad = (await call('POST', '/compute/v2.1/servers', boot(net, '4'))).body.server as Json
    expect((await call('GET', `/compute/v2.1/servers/${String(ok.id)}`)).body.server).toMatchObject(
      { status: 'ACTIVE' }
    )
    const failed = (await call('GET', `/compute/v2.1/servers/${String(bad.id)}`)).body
      .server as Json
    expect(failed).toMatchObject({
      status: 'ERROR',
      fault: { code: 500, message: 'No valid host was found. ' },
      addresses: {},
    })
    expect(t.cloud.state.data.ports.map((p) => p.deviceId)).toEqual([ok.id])
  })

  it('checks what it is asked to boot, as Nova does', async () => {
    const { call, net } = await setup()
    const flavor = await call('POST', '/compute/v2.1/servers', boot(net, '99'))
    expect(flavor.body).toEqual({
      badRequest: { code: 400, message: 'Flavor 99 could not be found.' },
    })
    const key = await call('POST', '/compute/v2.1/servers', {
      server: { ...boot(net).server, key_name: 'nope' },
    })
    expect(key.body).toEqual({ badRequest: { code: 400, message: 'Invalid key_name provided.' } })
    const image = await call('POST', '/compute/v2.1/servers', {
      server: { ...boot(net).server, imageRef: 'nope' },
    })
    expect(image.body).toEqual({
      badRequest: { code: 400, message: 'Image nope could not be found.' },
    })
  })

  it('keeps server groups and their members', async () => {
    const { call, net } = await setup()
    const group = (
      await call('POST', '/compute/v2.1/os-server-groups', {
        server_group: { name: 'g', policies: ['anti-affinity'] },
      })
    ).body.server_group as Json
    expect(group).toMatchObject({ name: 'g', policies: ['anti-affinity'], members: [] })
    const server = (
      await call('POST', '/compute/v2.1/servers', {
        ...boot(net),
        'os:scheduler_hints': { group: group.id },
      })
    ).body.server as Json
    const shown = (
      await call('GET', `/compute/v2.1/os-server-groups/${String(group.id)}`, undefined, mv('2.64'))
    ).body.server_group
    expect(shown).toMatchObject({ policy: 'anti-affinity', members: [server.id] })
  })
})
