import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

type Row = Record<string, unknown> & { id: string; name: string }
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T
const PUBLIC = seedIds.network('public')
const PUBLIC_SUBNET = seedIds.subnet('public-subnet')

describe('Neutron discovery', () => {
  it('lists v2.0 at /network and its resources at /network/v2.0', async () => {
    const t = testCloud()
    const root = await json<{ versions: { id: string; links: { href: string }[] }[] }>(
      await t.request('/network/')
    )
    expect(root.versions[0]).toMatchObject({
      id: 'v2.0',
      links: [{ href: 'http://127.0.0.1:5000/network/v2.0/' }],
    })
    expect((await t.request('/network/v2.0')).status).toBe(401)
    const resources = await json<{ resources: { collection: string }[] }>(
      await t.request('/network/v2.0', { token: await t.tokenFor('demo') })
    )
    expect(resources.resources.map((r) => r.collection)).toEqual([
      'networks',
      'subnets',
      'ports',
      'routers',
      'floatingips',
      'security-groups',
      'security-group-rules',
    ])
  })
})

describe('networks', () => {
  it('shows the external network to every project, without provider attributes', async () => {
    const t = testCloud()
    const list = await json<{ networks: Row[] }>(
      await t.request('/network/v2.0/networks', { token: await t.tokenFor('demo') })
    )
    expect(list.networks).toHaveLength(1)
    expect(list.networks[0]).toMatchObject({
      id: PUBLIC,
      name: 'public',
      'router:external': true,
      shared: false,
      status: 'ACTIVE',
      subnets: [PUBLIC_SUBNET],
      project_id: seedIds.project('admin'),
      tenant_id: seedIds.project('admin'),
    })
    expect(list.networks[0]).not.toHaveProperty('provider:network_type')
    const admin = await json<{ network: Row }>(
      await t.request(`/network/v2.0/networks/${PUBLIC}`, { token: await t.tokenFor('admin') })
    )
    expect(admin.network['provider:network_type']).toBe('flat')
  })

  it('filters by router:external, name, id, shared and project_id, and trims with fields', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const ids = async (query: string) =>
      (
        await json<{ networks: Row[] }>(
          await t.request(`/network/v2.0/networks?${query}`, { token: demo })
        )
      ).networks.map((n) => n.id)
    expect(await ids('router:external=True')).toEqual([PUBLIC])
    expect(await ids('router:external=false')).toEqual([])
    expect(await ids('name=public')).toEqual([PUBLIC])
    expect(await ids(`id=nope&id=${PUBLIC}`)).toEqual([PUBLIC])
    expect(await ids('shared=true')).toEqual([])
    expect(await ids(`project_id=${seedIds.project('demo')}`)).toEqual([])
    const trimmed = await json<{ networks: Row[] }>(
      await t.request('/network/v2.0/networks?fields=id&fields=name', { token: demo })
    )
    expect(trimmed.networks).toEqual([{ id: PUBLIC, name: 'public' }])
  })

  it('answers unknown or hidden networks with NetworkNotFound', async () => {
    const t = testCloud()
    const res = await t.request('/network/v2.0/networks/nope', { token: await t.tokenFor('demo') })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      NeutronError: {
        type: 'NetworkNotFound',
        message: 'Network nope could not be found.',
        detail: '',
      },
    })
  })

  it('creates private networks and subnets with Neutron’s defaults, hidden from other projects', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const created = await t.request('/network/v2.0/networks', {
      method: 'POST',
      token: demo,
      json: { network: { name: 'private' } },
    })
    expect(created.status).toBe(201)
    const network = (await json<{ network: Row }>(created)).network
    expect(network).toMatchObject({
      name: 'private',
      shared: false,
      'router:external': false,
      project_id: seedIds.project('demo'),
    })
    const subnetRes = await t.request('/network/v2.0/subnets', {
      method: 'POST',
      token: demo,
      json: {
        subnet: {
          network_id: network.id,
          cidr: '10.0.0.0/24',
          ip_version: 4,
          name: 'private-subnet',
        },
      },
    })
    expect(subnetRes.status).toBe(201)
    const subnet = (await json<{ subnet: Row }>(subnetRes)).subnet
    expect(subnet).toMatchObject({
      cidr: '10.0.0.0/24',
      gateway_ip: '10.0.0.1',
      allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }],
      enable_dhcp: true,
    })
    const overlap = await t.request('/network/v2.0/subnets', {
      method: 'POST',
      token: demo,
      json: { subnet: { network_id: network.id, cidr: '10.0.0.128/25', ip_version: 4 } },
    })
    expect(overlap.status).toBe(400)
    const alt = await t.tokenFor('alt')
    expect((await t.request(`/network/v2.0/networks/${network.id}`, { token: alt })).status).toBe(
      404
    )
    const altSubnet = await t.request(`/network/v2.0/subnets/${subnet.id}`, { token: alt })
    expect(await altSubnet.json()).toEqual({
      NeutronError: {
        type: 'SubnetNotFound',
        message: `Subnet ${subnet.id} could not be found.`,
        detail: '',
      },
    })
    const mine = await json<{ networks: Row[] }>(
      await t.request('/network/v2.0/networks', { token: demo })
    )
    expect(mine.networks.find((n) => n.id === network.id)?.subnets).toEqual([subnet.id])
    expect(
      (await t.request(`/network/v2.0/networks/${network.id}`, { method: 'DELETE', token: demo }))
        .status
    ).toBe(204)
    expect((await t.request(`/network/v2.0/subnets/${subnet.id}`, { token: demo })).status).toBe(
      404
    )
  })

  it('keeps shared and external networks for admins', async () => {
    const t = testCloud()
    const res = await t.request('/network/v2.0/networks', {
      method: 'POST',
      token: await t.tokenFor('demo'),
      json: { network: { name: 'x', shared: true } },
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toHaveProperty('NeutronError.type', 'PolicyNotAuthorized')
  })

  it('pages with limit and marker', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    for (const name of ['a', 'b']) {
      await t.request('/network/v2.0/networks', {
        method: 'POST',
        token: admin,
        json: { network: { name } },
      })
    }
    const page = await json<{ networks: Row[]; networks_links: { rel: string; href: string }[] }>(
      await t.request('/network/v2.0/networks?limit=2&sort_key=name', { token: admin })
    )
    expect(page.networks.map((n) => n.name)).toEqual(['a', 'b'])
    const next = new URL(page.networks_links[0]?.href ?? '')
    const rest = await json<{ networks: Row[] }>(
      await t.request(`${next.pathname}${next.search}`, { token: admin })
    )
    expect(rest.networks.map((n) => n.name)).toEqual(['public'])
  })
})

describe('subnets', () => {
  it('hides the external network’s subnet from other projects, as Neutron does', async () => {
    const t = testCloud()
    const demo = await json<{ subnets: Row[] }>(
      await t.request('/network/v2.0/subnets', { token: await t.tokenFor('demo') })
    )
    expect(demo.subnets).toEqual([])
    const admin = await t.tokenFor('admin')
    const all = await json<{ subnets: Row[] }>(
      await t.request(`/network/v2.0/subnets?network_id=${PUBLIC}`, { token: admin })
    )
    expect(all.subnets).toHaveLength(1)
    expect(all.subnets[0]).toMatchObject({
      id: PUBLIC_SUBNET,
      name: 'public-subnet',
      cidr: '172.24.4.0/24',
      gateway_ip: '172.24.4.1',
      ip_version: 4,
      network_id: PUBLIC,
      allocation_pools: [{ start: '172.24.4.2', end: '172.24.4.254' }],
    })
    const byName = await json<{ subnets: Row[] }>(
      await t.request('/network/v2.0/subnets?name=nope', { token: admin })
    )
    expect(byName.subnets).toEqual([])
  })
})
