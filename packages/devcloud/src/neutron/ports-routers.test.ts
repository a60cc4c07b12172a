import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

type Json = Record<string, unknown>
const PUBLIC = seedIds.network('public')

const setup = async () => {
  const t = testCloud()
  const token = await t.tokenFor('demo')
  const call = async (method: string, path: string, json?: unknown, as = token) => {
    const res = await t.request(`/network/v2.0${path}`, { method, token: as, json })
    const text = await res.text()
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Json }
  }
  const net = (await call('POST', '/networks', { network: { name: 'private' } })).body
    .network as Json
  const subnet = (
    await call('POST', '/subnets', {
      subnet: { network_id: net.id, cidr: '10.0.0.0/24', ip_version: 4 },
    })
  ).body.subnet as Json
  return { t, call, net, subnet }
}

describe('ports', () => {
  it('allocates addresses, joins the default group and filters like Neutron', async () => {
    const { t, call, net, subnet } = await setup()
    const made = await call('POST', '/ports', {
      port: {
        network_id: net.id,
        name: 'p',
        description: 'd',
        device_owner: 'compute:nova',
        tags: ['a', 'b'],
      },
    })
    expect(made.status).toBe(201)
    const port = made.body.port as Json
    expect(port).toMatchObject({
      name: 'p',
      description: 'd',
      status: 'DOWN',
      device_owner: 'compute:nova',
      device_id: '',
      fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.0.0.2' }],
      port_security_enabled: true,
      'binding:vnic_type': 'normal',
      tags: ['a', 'b'],
    })
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/)
    const groups = (await call('GET', '/security-groups')).body.security_groups as Json[]
    expect(groups.map((g) => g.name)).toEqual(['default'])
    expect(port.security_groups).toEqual([groups[0]?.id])
    const second = (
      await call('POST', '/ports', {
        port: { network_id: net.id, fixed_ips: [{ ip_address: '10.0.0.50' }] },
      })
    ).body.port as Json
    expect(second.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '10.0.0.50' }])
    const clash = await call('POST', '/ports', {
      port: { network_id: net.id, fixed_ips: [{ ip_address: '10.0.0.50' }] },
    })
    expect(clash.status).toBe(409)
    expect(clash.body.NeutronError).toMatchObject({ type: 'IpAddressAlreadyAllocated' })
    const names = async (q: string) =>
      ((await call('GET', `/ports?${q}`)).body.ports as Json[]).map((p) => p.id)
    expect(await names('device_owner=compute:nova')).toEqual([port.id])
    expect(await names('fixed_ips=ip_address=10.0.0.50')).toEqual([second.id])
    expect(await names(`fixed_ips=subnet_id=${String(subnet.id)}`)).toHaveLength(2)
    expect(await names('tags=a,b')).toEqual([port.id])
    expect(await names('tags-any=b,z')).toEqual([port.id])
    expect(await names('description=d')).toEqual([port.id])
    const alt = await t.tokenFor('alt')
    expect((await call('GET', `/ports/${String(port.id)}`, undefined, alt)).body).toEqual({
      NeutronError: {
        type: 'PortNotFound',
        message: `Port ${String(port.id)} could not be found.`,
        detail: '',
      },
    })
    expect((await call('DELETE', `/networks/${String(net.id)}`)).body.NeutronError).toMatchObject({
      type: 'NetworkInUse',
    })
  })
})

describe('routers and floating IPs', () => {
  it('routes a subnet to the external network and gives a port a floating IP', async () => {
    const { call, net, subnet } = await setup()
    const port = (await call('POST', '/ports', { port: { network_id: net.id } })).body.port as Json
    // Without a router the external network cannot reach the port.
    const early = await call('POST', '/floatingips', {
      floatingip: { floating_network_id: PUBLIC, port_id: port.id },
    })
    expect(early.status).toBe(404)
    expect(early.body.NeutronError).toMatchObject({
      type: 'ExternalGatewayForFloatingIPNotFound',
      message: `External network ${PUBLIC} is not reachable from subnet ${String(subnet.id)}.  Therefore, cannot associate Port ${String(port.id)} with a Floating IP.`,
    })
    const router = (
      await call('POST', '/routers', {
        router: { name: 'r', external_gateway_info: { network_id: PUBLIC } },
      })
    ).body.router as Json
    expect(router.external_gateway_info).toMatchObject({
      network_id: PUBLIC,
      enable_snat: true,
      external_fixed_ips: [{ ip_address: '172.24.4.2' }],
    })
    const iface = await call('PUT', `/routers/${String(router.id)}/add_router_interface`, {
      subnet_id: subnet.id,
    })
    expect(iface.body).toMatchObject({ id: router.id, subnet_id: subnet.id, network_id: net.id })
    const gatewayPort = (
      await call('GET', `/ports?device_owner=network:router_interface&network_id=${String(net.id)}`)
    ).body.ports as Json[]
    expect(gatewayPort[0]?.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '10.0.0.1' }])
    const fip = (
      await call('POST', '/floatingips', {
        floatingip: { floating_network_id: PUBLIC, port_id: port.id, description: 'for x' },
      })
    ).body.floatingip as Json
    expect(fip).toMatchObject({
      floating_ip_address: '172.24.4.3',
      port_id: port.id,
      fixed_ip_address: '10.0.0.2',
      router_id: router.id,
      status: 'ACTIVE',
      description: 'for x',
    })
    expect(
      ((await call('GET', '/floatingips?description=for%20x')).body.floatingips as Json[]).map(
        (f) => f.id
      )
    ).toEqual([fip.id])
    expect((await call('DELETE', `/routers/${String(router.id)}`)).body.NeutronError).toMatchObject(
      { type: 'RouterInUse' }
    )
    expect(
      (
        await call('PUT', `/routers/${String(router.id)}/remove_router_interface`, {
          subnet_id: subnet.id,
        })
      ).body.NeutronError
    ).toMatchObject({
      type: 'RouterInterfaceInUseByFloatingIP',
    })
    // Deleting the port lets go of the floating IP; then the router can go.
    expect((await call('DELETE', `/ports/${String(port.id)}`)).status).toBe(204)
    expect((await call('GET', `/floatingips/${String(fip.id)}`)).body.floatingip).toMatchObject({
      port_id: null,
      status: 'DOWN',
    })
    expect((await call('DELETE', `/floatingips/${String(fip.id)}`)).status).toBe(204)
    expect(
      (
        await call('PUT', `/routers/${String(router.id)}/remove_router_interface`, {
          subnet_id: subnet.id,
        })
      ).status
    ).toBe(200)
    expect((await call('DELETE', `/routers/${String(router.id)}`)).status).toBe(204)
    expect((await call('DELETE', `/networks/${String(net.id)}`)).status).toBe(204)
  })
})

describe('security groups', () => {
  it('creates groups with egress rules, adds rules, refuses duplicates and deleting one in use', async () => {
    const { call, net } = await setup()
    const group = (
      await call('POST', '/security-groups', {
        security_group: { name: 'k8s', description: 'cluster' },
      })
    ).body.security_group as Json
    expect(
      (group.security_group_rules as Json[]).map(
        (r) => `${String(r.direction)} ${String(r.ethertype)}`
      )
    ).toEqual(['egress IPv4', 'egress IPv6'])
    const rule = {
      security_group_id: group.id,
      direction: 'ingress',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '0.0.0.0/0',
    }
    const made = await call('POST', '/security-group-rules', { security_group_rule: rule })
    expect(made.body.security_group_rule).toMatchObject({
      ethertype: 'IPv4',
      protocol: 'tcp',
      normalized_cidr: '0.0.0.0/0',
    })
    const again = await call('POST', '/security-group-rules', { security_group_rule: rule })
    expect(again.status).toBe(409)
    expect(again.body.NeutronError).toMatchObject({ type: 'SecurityGroupRuleExists' })
    await call('POST', '/ports', { port: { network_id: net.id, security_groups: [group.id] } })
    expect(
      (await call('DELETE', `/security-groups/${String(group.id)}`)).body.NeutronError
    ).toMatchObject({ type: 'SecurityGroupInUse' })
    expect(
      (await call('GET', '/security-groups?name=k8s')).body.security_groups as Json[]
    ).toHaveLength(1)
    expect((await call('GET', '/security-groups/nope')).body.NeutronError).toMatchObject({
      type: 'SecurityGroupNotFound',
      message: 'Security group nope does not exist',
    })
  })
})
