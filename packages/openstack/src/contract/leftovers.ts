import { randomUUID } from 'node:crypto'
import { providerLoadBalancerPattern } from '@berth/core/lifecycle'
import { expect, it } from 'vitest'
import type { OpenStackClusterCloud } from '../cluster-cloud'
import type { MemberApi } from './member-api'

/** What the leftover tests share with the suite that runs them. */
export interface LeftoverContext {
  cloud(): OpenStackClusterCloud
  member(): Promise<MemberApi>
  clusterUuid: string
  run: string
  settleMs: number
  /** Undo steps run after the suite, whatever happened. */
  cleanups: (() => Promise<unknown>)[]
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

type Created<K extends string> = Record<K, { id: string }>

/**
 * What cleanup finds before a cluster's stack goes: the floating IPs, security groups and
 * load balancers the Kubernetes cloud provider made for this cluster (named as it names them),
 * and nothing of another cluster's.
 */
export const leftoverTests = (ctx: LeftoverContext): void => {
  it('finds the floating IPs and security groups made for the cluster, and only those', async () => {
    // Prepare: what the cloud provider would leave, and a decoy of another cluster.
    const { cloud, clusterUuid, run } = ctx
    const api = await ctx.member()
    const nets = await api.call<{ networks: { id: string }[] }>(
      'network',
      'GET',
      'networks',
      undefined,
      {
        'router:external': 'true',
      }
    )
    const external = nets.networks[0]?.id
    expect(external).toBeDefined()
    const fip = async (uuid: string) =>
      (
        await api.call<Created<'floatingip'>>('network', 'POST', 'floatingips', {
          floatingip: {
            floating_network_id: external,
            description: `Floating IP for Kubernetes external service default/web from cluster ${uuid}`,
          },
        })
      ).floatingip.id
    const ours = await fip(clusterUuid)
    const theirs = await fip(randomUUID())
    const group = (
      await api.call<Created<'security_group'>>('network', 'POST', 'security-groups', {
        security_group: {
          name: `lb-sg-${run}`,
          description: `Security Group for default/web Service LoadBalancer in cluster ${clusterUuid}`,
        },
      })
    ).security_group.id
    ctx.cleanups.push(
      () => api.call('network', 'DELETE', `floatingips/${ours}`),
      () => api.call('network', 'DELETE', `floatingips/${theirs}`),
      () => api.call('network', 'DELETE', `security-groups/${group}`)
    )

    // Act
    const fips = await cloud().floatingIps.listForCluster(clusterUuid)
    const groups = await cloud().securityGroups.listForCluster(clusterUuid)
    await cloud().floatingIps.delete(ours)
    await cloud().floatingIps.delete(ours)
    await cloud().securityGroups.delete(group)

    // Assess
    expect(fips.map((f) => f.id)).toEqual([ours])
    expect(groups).toEqual([{ id: group, name: `lb-sg-${run}` }])
    expect(await cloud().floatingIps.listForCluster(clusterUuid)).toEqual([])
    expect(await cloud().securityGroups.listForCluster(clusterUuid)).toEqual([])
  }, 60_000)

  it('finds the ports made for the cluster outside Heat, and only those', async () => {
    // Prepare: a network of the member's own with a port for the cluster and a decoy.
    const { cloud, clusterUuid, run } = ctx
    const api = await ctx.member()
    const net = (
      await api.call<Created<'network'>>('network', 'POST', 'networks', {
        network: { name: `berth-contract-${run}-ports` },
      })
    ).network.id
    ctx.cleanups.push(() => api.call('network', 'DELETE', `networks/${net}`))
    await api.call('network', 'POST', 'subnets', {
      subnet: { network_id: net, cidr: '10.78.0.0/24', ip_version: 4 },
    })
    const port = async (uuid: string, name: string) =>
      (
        await api.call<Created<'port'>>('network', 'POST', 'ports', {
          port: { network_id: net, name, description: `made for cluster ${uuid}` },
        })
      ).port.id
    const ours = await port(clusterUuid, `berth-contract-${run}-ours`)
    const theirs = await port(randomUUID(), `berth-contract-${run}-theirs`)
    ctx.cleanups.unshift(() => api.call('network', 'DELETE', `ports/${theirs}`))

    // Act
    const found = await cloud().ports.listForCluster(clusterUuid)
    await cloud().ports.delete(ours)
    await cloud().ports.delete(ours)

    // Assess
    expect(found).toEqual([{ id: ours, name: `berth-contract-${run}-ours` }])
    expect(await cloud().ports.listForCluster(clusterUuid)).toEqual([])
  }, 60_000)

  it("finds the cluster's load balancers by the cloud provider's description and deletes them", async (test) => {
    const lbs = ctx.cloud().loadBalancers
    if (lbs === undefined) return test.skip('this cloud has no Octavia')

    // Prepare: a subnet of the member's own, and two provider-made load balancers on it.
    const { clusterUuid, run } = ctx
    const api = await ctx.member()
    const net = (
      await api.call<Created<'network'>>('network', 'POST', 'networks', {
        network: { name: `berth-contract-${run}` },
      })
    ).network.id
    ctx.cleanups.push(() => api.call('network', 'DELETE', `networks/${net}`))
    const subnet = (
      await api.call<Created<'subnet'>>('network', 'POST', 'subnets', {
        subnet: {
          network_id: net,
          cidr: '10.77.0.0/24',
          ip_version: 4,
          name: `berth-contract-${run}`,
        },
      })
    ).subnet.id
    const lb = async (uuid: string) =>
      (
        await api.call<Created<'loadbalancer'>>('load-balancer', 'POST', 'lbaas/loadbalancers', {
          loadbalancer: {
            name: `kube_service_${run}`,
            description: `Kubernetes external service default/web from cluster ${uuid}`,
            vip_subnet_id: subnet,
          },
        })
      ).loadbalancer.id
    const ours = await lb(clusterUuid)
    const theirs = await lb(randomUUID())
    ctx.cleanups.unshift(() =>
      api.call('load-balancer', 'DELETE', `lbaas/loadbalancers/${theirs}`, undefined, {
        cascade: 'true',
      })
    )
    const pattern = providerLoadBalancerPattern(clusterUuid)
    const until = async (done: (ids: { id: string; provisioningStatus: string }[]) => boolean) => {
      const deadline = Date.now() + ctx.settleMs
      for (;;) {
        const found = await lbs.listByDescription(pattern)
        if (done(found) || Date.now() > deadline) return found
        await sleep(250)
      }
    }

    // Act
    const found = await until((l) => l.every((x) => x.provisioningStatus === 'ACTIVE'))
    await lbs.delete(ours)
    const after = await until((l) => l.length === 0)

    // Assess
    expect(found).toEqual([
      expect.objectContaining({ id: ours, provisioningStatus: 'ACTIVE', floatingIpId: null }),
    ])
    expect(after).toEqual([])
    await expect(lbs.delete(ours)).resolves.toBeUndefined()
  }, 120_000)
}
