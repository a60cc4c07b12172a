import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, CloudError, conflict, notFound } from '../http'
import { randomUuid } from '../ids'
import { createPort, deletePort, visiblePort } from '../neutron/ports-service'
import type { SettleResult } from '../settlement'
import type { LoadBalancer, ProvisioningStatus } from './model'

export const lbNotFound = (id: string) => notFound(`Load Balancer ${id} not found.`)

export const visibleLoadBalancer = (cloud: DevCloud, actor: Actor, id: string): LoadBalancer => {
  const lb = cloud.state.data.loadBalancers.find((l) => l.id === id)
  if (!lb || !owns(actor, lb.projectId)) throw lbNotFound(id)
  return lb
}

/** Octavia refuses changes while a load balancer is busy; clients wait for ACTIVE. */
export const requireMutable = (lb: LoadBalancer): void => {
  if (lb.provisioningStatus !== 'ACTIVE') {
    throw conflict(`Load Balancer ${lb.id} is immutable and cannot be updated.`)
  }
}

const due = (cloud: DevCloud) =>
  new Date(cloud.now().getTime() + cloud.timing.loadBalancerMs).toISOString()

/** Puts an object into a PENDING_* status that settles after the configured time. */
export const markPending = (
  cloud: DevCloud,
  o: {
    provisioningStatus: ProvisioningStatus
    pendingUntil: string | null
    updatedAt: string | null
  },
  status: ProvisioningStatus
) => {
  o.provisioningStatus = status
  o.pendingUntil = due(cloud)
  if (status !== 'PENDING_CREATE') o.updatedAt = cloud.now().toISOString()
  cloud.settlement.wake()
}

export interface LoadBalancerCreate {
  name?: string
  description?: string
  vipSubnetId?: string
  vipNetworkId?: string
  vipPortId?: string
  vipAddress?: string
  adminStateUp?: boolean
  provider?: string
  flavorId?: string
  availabilityZone?: string
  projectId?: string
  tags?: string[]
}

export const createLoadBalancer = (
  cloud: DevCloud,
  actor: Actor,
  req: LoadBalancerCreate
): LoadBalancer => {
  const { data } = cloud.state
  if (req.provider !== undefined && !['amphora', 'octavia', 'ovn'].includes(req.provider)) {
    throw badRequest(`Provider '${req.provider}' is not enabled.`)
  }
  const projectId = actor.admin && req.projectId ? req.projectId : actor.projectId
  const id = randomUuid()
  const subnet =
    req.vipSubnetId !== undefined
      ? data.subnets.find((s) => s.id === req.vipSubnetId)
      : req.vipNetworkId !== undefined
        ? data.subnets.find((s) => s.networkId === req.vipNetworkId && s.ipVersion === 4)
        : undefined
  let port: ReturnType<typeof visiblePort>
  if (req.vipPortId !== undefined) {
    port = visiblePort(cloud, actor, req.vipPortId)
  } else {
    if (!subnet) {
      if (req.vipSubnetId === undefined && req.vipNetworkId === undefined) {
        throw badRequest('VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.')
      }
      throw badRequest(
        `Validation failure: Subnet ${req.vipSubnetId ?? req.vipNetworkId} not found.`
      )
    }
    port = createPort(
      cloud,
      { ...actor, projectId, admin: true },
      {
        networkId: subnet.networkId,
        name: `octavia-lb-${id}`,
        fixedIps: [{ subnetId: subnet.id, ipAddress: req.vipAddress }],
        securityGroups: [],
        deviceId: `lb-${id}`,
        deviceOwner: 'Octavia',
        projectId,
      }
    )
  }
  const fixed = port.fixedIps[0]
  if (!fixed) throw new CloudError(400, `Validation failure: Port ${port.id} has no IP address.`)
  const at = cloud.now().toISOString()
  const lb: LoadBalancer = {
    id,
    name: req.name ?? '',
    description: req.description ?? '',
    projectId,
    adminStateUp: req.adminStateUp ?? true,
    provisioningStatus: 'PENDING_CREATE',
    pendingUntil: null,
    tags: req.tags ?? [],
    createdAt: at,
    updatedAt: null,
    vipSubnetId: fixed.subnetId,
    vipNetworkId: port.networkId,
    vipPortId: port.id,
    vipAddress: fixed.ipAddress,
    ownsVipPort: req.vipPortId === undefined,
    provider: req.provider ?? 'amphora',
    flavorId: req.flavorId ?? null,
    availabilityZone: req.availabilityZone ?? null,
  }
  markPending(cloud, lb, 'PENDING_CREATE')
  data.loadBalancers.push(lb)
  cloud.state.save()
  return lb
}

/** The load balancer's children, for cascade delete and the "has children" check. */
export const childrenOf = (cloud: DevCloud, lbId: string) => {
  const { data } = cloud.state
  const pools = data.pools.filter((p) => p.loadbalancerId === lbId)
  const poolIds = pools.map((p) => p.id)
  return {
    listeners: data.listeners.filter((l) => l.loadbalancerId === lbId),
    pools,
    members: data.members.filter((m) => poolIds.includes(m.poolId)),
    healthMonitors: data.healthMonitors.filter((h) => poolIds.includes(h.poolId)),
  }
}

export const deleteLoadBalancer = (
  cloud: DevCloud,
  actor: Actor,
  id: string,
  options: { cascade: boolean; force?: boolean }
): void => {
  const lb = visibleLoadBalancer(cloud, actor, id)
  if (lb.provisioningStatus === 'PENDING_DELETE') return
  if (!options.force) requireMutable(lb)
  const children = childrenOf(cloud, id)
  const all = [
    ...children.listeners,
    ...children.pools,
    ...children.members,
    ...children.healthMonitors,
  ]
  if (all.length > 0 && !options.cascade) {
    throw badRequest(`Cannot delete Load Balancer ${id} - it has children`)
  }
  for (const child of all) markPending(cloud, child, 'PENDING_DELETE')
  markPending(cloud, lb, 'PENDING_DELETE')
  cloud.state.save()
}

type Pendable = { id: string; provisioningStatus: ProvisioningStatus; pendingUntil: string | null }

/** Ends due PENDING_* statuses: ACTIVE, or gone (with the VIP port Octavia made). */
export const settleOctavia = (cloud: DevCloud, now: Date): SettleResult => {
  const { data } = cloud.state
  let changed = false
  let pending = false
  const settle = <T extends Pendable>(items: T[], onGone?: (item: T) => void): T[] =>
    items.filter((item) => {
      if (item.pendingUntil === null) return true
      if (Date.parse(item.pendingUntil) > now.getTime()) {
        pending = true
        return true
      }
      changed = true
      item.pendingUntil = null
      if (item.provisioningStatus === 'PENDING_DELETE') {
        onGone?.(item)
        return false
      }
      item.provisioningStatus = 'ACTIVE'
      return true
    })
  data.healthMonitors = settle(data.healthMonitors)
  data.members = settle(data.members)
  data.pools = settle(data.pools)
  data.listeners = settle(data.listeners)
  data.loadBalancers = settle(data.loadBalancers, (lb) => {
    if (!lb.ownsVipPort) return
    const system: Actor = { projectId: lb.projectId, userId: '', admin: true }
    if (data.ports.some((p) => p.id === lb.vipPortId)) deletePort(cloud, system, lb.vipPortId)
  })
  return { changed, pending }
}
