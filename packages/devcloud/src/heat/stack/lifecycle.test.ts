import { describe, expect, it } from 'vitest'
import { seedIds } from '../../seed'
import { testCloud } from '../../testing'
import { heatClient, type Json } from '../testing'
import { clusterTemplate, NODE_YAML } from './cluster-template'

const fast = () => testCloud({ timing: { heatResourceMs: 0, serverBuildMs: 0, loadBalancerMs: 0 } })

/** What a stack has made in the cloud (the project's default security group excepted). */
const footprint = (t: ReturnType<typeof testCloud>) => {
  const d = t.cloud.state.data
  const demo = seedIds.project('demo')
  return {
    networks: d.networks.filter((n) => n.projectId === demo).length,
    subnets: d.subnets.filter((s) => s.projectId === demo).length,
    ports: d.ports.length,
    routers: d.routers.length,
    floatingIps: d.floatingIps.length,
    securityGroups: d.securityGroups.filter((g) => g.name !== 'default').length,
    servers: d.servers.length,
    serverGroups: d.serverGroups.length,
    loadBalancers: d.loadBalancers.length,
    listeners: d.listeners.length,
    pools: d.pools.length,
    members: d.members.length,
    healthMonitors: d.healthMonitors.length,
  }
}

const create = (name: string, parameters: Json = {}) => ({
  stack_name: name,
  template: clusterTemplate(),
  files: { 'node.yaml': NODE_YAML },
  parameters,
})

describe('a cluster-shaped stack against the cloud’s own services', () => {
  it('creates real networks, servers, floating IPs and a load balancer, and outputs them', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const res = await heat.create(create('k8s'))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(await heat.status('k8s')).toBe('CREATE_COMPLETE')
    const d = t.cloud.state.data
    expect(footprint(t)).toMatchObject({
      networks: 1,
      routers: 1,
      servers: 2,
      floatingIps: 3,
      loadBalancers: 1,
      members: 2,
    })
    const servers = d.servers.map((s) => s.name).sort()
    expect(servers).toEqual(['k8s-node-0', 'k8s-node-1'])
    const outputs = await heat.outputs('k8s')
    const lbFip = d.floatingIps.find((f) => f.portId === d.loadBalancers[0]?.vipPortId)
    expect(outputs.api_address).toBe(lbFip?.floatingIpAddress)
    expect(outputs.node_addresses).toEqual(
      ['10.0.0.3', '10.0.0.4'].filter((ip) => (outputs.node_addresses as string[]).includes(ip))
    )
    expect((outputs.node_addresses as string[]).every((ip) => ip.startsWith('10.0.0.'))).toBe(true)
    expect((outputs.node_public as string[]).every((ip) => ip.startsWith('172.24.4.'))).toBe(true)
    // The provider's OS::stack_id output is what get_resource (and refs) gives.
    expect(outputs.node_refs).toEqual(
      d.servers
        .map((s) => s.id)
        .sort((a, b) =>
          (d.servers.find((s) => s.id === a)?.name ?? '').localeCompare(
            d.servers.find((s) => s.id === b)?.name ?? ''
          )
        )
    )
    // Nova sees ACTIVE servers with their addresses; Octavia an ACTIVE load balancer.
    const demo = await t.tokenFor('demo')
    const detail = (await (
      await t.request('/compute/v2.1/servers/detail', { token: demo })
    ).json()) as { servers: Json[] }
    expect(detail.servers.map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE'])
    expect(Object.keys(detail.servers[0]?.addresses as Json)).toEqual(['k8s-net'])
    const lbs = (await (
      await t.request('/load-balancer/v2/lbaas/loadbalancers', { token: demo })
    ).json()) as { loadbalancers: Json[] }
    expect(lbs.loadbalancers[0]).toMatchObject({
      provisioning_status: 'ACTIVE',
      operating_status: 'ONLINE',
    })
  })

  it('scales the group, removing exactly the nodes named in removal_policies', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create(create('k8s', { node_count: 3 }))
    expect(await heat.status('k8s')).toBe('CREATE_COMPLETE')
    const d = t.cloud.state.data
    const byName = (n: string) => d.servers.find((s) => s.name === n)
    const node1 = byName('k8s-node-1')
    expect(node1).toBeDefined()
    const nested = (await heat.resources('k8s', '?nested_depth=1')).filter(
      (r) => r.parent_resource === 'nodes'
    )
    const ref1 = nested.find((r) => r.resource_name === '1')?.physical_resource_id
    // Remove member 1 by its reference (the nested stack id), the way Magnum names nodes.
    await heat.call('PATCH', '/stacks/k8s', {
      parameters: { node_count: 2, nodes_to_remove: String(ref1) },
    })
    expect(await heat.status('k8s')).toBe('UPDATE_COMPLETE')
    expect(d.servers.map((s) => s.name).sort()).toEqual(['k8s-node-0', 'k8s-node-2'])
    expect(footprint(t)).toMatchObject({ servers: 2, members: 2, floatingIps: 3 })
    // Growing again never reuses a removed index.
    await heat.call('PATCH', '/stacks/k8s', { parameters: { node_count: 3 } })
    expect(await heat.status('k8s')).toBe('UPDATE_COMPLETE')
    expect(d.servers.map((s) => s.name).sort()).toEqual(['k8s-node-0', 'k8s-node-2', 'k8s-node-3'])
    const removed = (
      await heat.call('GET', `/stacks/k8s/${String((await heat.stack('k8s')).id)}/resources/nodes`)
    ).body
    expect((removed.resource as Json).attributes).toMatchObject({ removed_rsrc_list: ['1'] })
    // Shrinking without a policy drops the highest index.
    await heat.call('PATCH', '/stacks/k8s', { parameters: { node_count: 1, nodes_to_remove: '' } })
    expect(await heat.status('k8s')).toBe('UPDATE_COMPLETE')
    expect(d.servers.map((s) => s.name)).toEqual(['k8s-node-0'])
  })

  it('deletes everything it created, nested stacks included', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const before = footprint(t)
    await heat.create(create('k8s'))
    const id = String((await heat.stack('k8s')).id)
    expect((await heat.call('DELETE', `/stacks/k8s/${id}`)).status).toBe(204)
    const after = await heat.call('GET', `/stacks/k8s/${id}`)
    expect((after.body.stack as Json).stack_status).toBe('DELETE_COMPLETE')
    expect(footprint(t)).toEqual(before)
    expect(
      t.cloud.state.data.stacks.every((s) => s.deletedAt !== null || s.action === 'DELETE')
    ).toBe(true)
  })

  it('fails the delete while something outside the stack still uses its network, then succeeds', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create(create('k8s', { node_count: 1 }))
    const d = t.cloud.state.data
    const demo = await t.tokenFor('demo')
    // The in-cluster cloud provider made a load balancer of its own on the cluster's subnet.
    const subnet = d.subnets.find((s) => s.cidr === '10.0.0.0/24')
    const made = await t.request('/load-balancer/v2/lbaas/loadbalancers', {
      method: 'POST',
      token: demo,
      json: {
        loadbalancer: {
          name: 'svc',
          description: 'Kubernetes external service svc from cluster x',
          vip_subnet_id: subnet?.id,
        },
      },
    })
    const lb = ((await made.json()) as { loadbalancer: Json }).loadbalancer
    const id = String((await heat.stack('k8s')).id)
    await heat.call('DELETE', `/stacks/k8s/${id}`)
    const failed = (await heat.call('GET', `/stacks/k8s/${id}`)).body.stack as Json
    expect(failed.stack_status).toBe('DELETE_FAILED')
    expect(failed.stack_status_reason).toMatch(
      /^Resource DELETE failed: (SubnetInUse|Conflict|NetworkInUseClient): resources\.(subnet|net): Unable to complete operation on (subnet|network)/
    )
    await t.request(`/load-balancer/v2/lbaas/loadbalancers/${String(lb.id)}?cascade=true`, {
      method: 'DELETE',
      token: demo,
    })
    await heat.call('DELETE', `/stacks/k8s/${id}`)
    expect(((await heat.call('GET', `/stacks/k8s/${id}`)).body.stack as Json).stack_status).toBe(
      'DELETE_COMPLETE'
    )
    expect(d.ports).toEqual([])
  })
})
