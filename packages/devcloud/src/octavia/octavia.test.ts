import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

type Json = Record<string, unknown>
const LB = '/load-balancer/v2/lbaas'

const setup = async (loadBalancerMs = 0) => {
  const t = testCloud({ timing: { loadBalancerMs } })
  const token = await t.tokenFor('demo')
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await t.request(path, { method, token, json })
    const text = await res.text()
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Json }
  }
  const net = (await call('POST', '/network/v2.0/networks', { network: { name: 'private' } })).body
    .network as Json
  const subnet = (
    await call('POST', '/network/v2.0/subnets', {
      subnet: { network_id: net.id, cidr: '10.0.0.0/24', ip_version: 4 },
    })
  ).body.subnet as Json
  return { t, call, subnet }
}

describe('Octavia load balancers', () => {
  it('provisions PENDING_CREATE → ACTIVE with a VIP port, and refuses changes meanwhile', async () => {
    const { t, call, subnet } = await setup(1000)
    const created = await call('POST', `${LB}/loadbalancers`, {
      loadbalancer: {
        name: 'api',
        description: 'Kubernetes external service web from cluster abc',
        vip_subnet_id: subnet.id,
      },
    })
    expect(created.status).toBe(201)
    const lb = created.body.loadbalancer as Json
    expect(lb).toMatchObject({
      name: 'api',
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      vip_address: '10.0.0.2',
      vip_subnet_id: subnet.id,
      project_id: seedIds.project('demo'),
      provider: 'amphora',
      listeners: [],
      pools: [],
    })
    const port = t.cloud.state.data.ports.find((p) => p.id === lb.vip_port_id)
    expect(port).toMatchObject({
      deviceOwner: 'Octavia',
      deviceId: `lb-${String(lb.id)}`,
      name: `octavia-lb-${String(lb.id)}`,
    })
    const busy = await call('POST', `${LB}/listeners`, {
      listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 6443 },
    })
    expect(busy).toEqual({
      status: 409,
      body: {
        faultcode: 'Client',
        faultstring: `Load Balancer ${String(lb.id)} is immutable and cannot be updated.`,
        debuginfo: null,
      },
    })
    t.advanceSeconds(2)
    expect(
      (await call('GET', `${LB}/loadbalancers/${String(lb.id)}`)).body.loadbalancer
    ).toMatchObject({
      provisioning_status: 'ACTIVE',
      operating_status: 'ONLINE',
    })
  })

  it('lists with filters (description included) and answers 404s in its format', async () => {
    const { call, subnet } = await setup()
    for (const [name, description] of [
      ['a', 'Kubernetes external service a from cluster 1111'],
      ['b', 'something else'],
    ]) {
      await call('POST', `${LB}/loadbalancers`, {
        loadbalancer: { name, description, vip_subnet_id: subnet.id },
      })
    }
    const byDescription = await call(
      'GET',
      `${LB}/loadbalancers?description=${encodeURIComponent('something else')}`
    )
    expect((byDescription.body.loadbalancers as Json[]).map((l) => l.name)).toEqual(['b'])
    expect(byDescription.body.loadbalancers_links).toEqual([])
    expect(
      (await call('GET', '/load-balancer/v2.0/lbaas/loadbalancers?fields=name')).body
        .loadbalancers as Json[]
    ).toEqual([{ name: 'a' }, { name: 'b' }])
    expect(await call('GET', `${LB}/loadbalancers/nope`)).toEqual({
      status: 404,
      body: { faultcode: 'Client', faultstring: 'Load Balancer nope not found.', debuginfo: null },
    })
  })

  it('refuses to delete a load balancer with children unless cascading, which removes everything', async () => {
    const { t, call, subnet } = await setup()
    const lb = (
      await call('POST', `${LB}/loadbalancers`, { loadbalancer: { vip_subnet_id: subnet.id } })
    ).body.loadbalancer as Json
    const listener = (
      await call('POST', `${LB}/listeners`, {
        listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 80 },
      })
    ).body.listener as Json
    const pool = (
      await call('POST', `${LB}/pools`, {
        pool: { listener_id: listener.id, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' },
      })
    ).body.pool as Json
    expect(
      (
        await call('POST', `${LB}/pools/${String(pool.id)}/members`, {
          member: { address: '10.0.0.9', protocol_port: 80 },
        })
      ).status
    ).toBe(201)
    expect(
      (
        await call('POST', `${LB}/healthmonitors`, {
          healthmonitor: { pool_id: pool.id, type: 'TCP', delay: 5, timeout: 5, max_retries: 3 },
        })
      ).status
    ).toBe(201)
    const shown = (await call('GET', `${LB}/pools/${String(pool.id)}`)).body.pool as Json
    expect(shown).toMatchObject({
      listeners: [{ id: listener.id }],
      loadbalancers: [{ id: lb.id }],
    })
    expect(shown.healthmonitor_id).toEqual(expect.any(String))
    // A floating IP on the VIP port outlives the load balancer, only disassociated.
    const router = (
      await call('POST', '/network/v2.0/routers', {
        router: { external_gateway_info: { network_id: seedIds.network('public') } },
      })
    ).body.router as Json
    await call('PUT', `/network/v2.0/routers/${String(router.id)}/add_router_interface`, {
      subnet_id: subnet.id,
    })
    const fip = (
      await call('POST', '/network/v2.0/floatingips', {
        floatingip: { floating_network_id: seedIds.network('public'), port_id: lb.vip_port_id },
      })
    ).body.floatingip as Json
    const plain = await call('DELETE', `${LB}/loadbalancers/${String(lb.id)}`)
    expect(plain).toEqual({
      status: 400,
      body: {
        faultcode: 'Client',
        faultstring: `Cannot delete Load Balancer ${String(lb.id)} - it has children`,
        debuginfo: null,
      },
    })
    expect((await call('DELETE', `${LB}/loadbalancers/${String(lb.id)}?cascade=true`)).status).toBe(
      204
    )
    expect((await call('GET', `${LB}/loadbalancers`)).body.loadbalancers).toEqual([])
    const d = t.cloud.state.data
    expect(
      [d.loadBalancers, d.listeners, d.pools, d.members, d.healthMonitors].map((l) => l.length)
    ).toEqual([0, 0, 0, 0, 0])
    expect(d.ports.some((p) => p.id === lb.vip_port_id)).toBe(false)
    expect(
      (await call('GET', `/network/v2.0/floatingips/${String(fip.id)}`)).body.floatingip
    ).toMatchObject({ port_id: null, status: 'DOWN' })
  })

  it('goes PENDING_DELETE before it is gone', async () => {
    const { t, call, subnet } = await setup(500)
    const lb = (
      await call('POST', `${LB}/loadbalancers`, { loadbalancer: { vip_subnet_id: subnet.id } })
    ).body.loadbalancer as Json
    t.advanceSeconds(1)
    await call('DELETE', `${LB}/loadbalancers/${String(lb.id)}`)
    expect(
      (await call('GET', `${LB}/loadbalancers/${String(lb.id)}`)).body.loadbalancer
    ).toMatchObject({ provisioning_status: 'PENDING_DELETE' })
    t.advanceSeconds(1)
    expect((await call('GET', `${LB}/loadbalancers/${String(lb.id)}`)).status).toBe(404)
  })
})
