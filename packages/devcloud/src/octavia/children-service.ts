import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, conflict, notFound } from '../http'
import { randomUuid } from '../ids'
import { markPending, requireMutable, visibleLoadBalancer } from './lb-service'
import type { HealthMonitor, Listener, Member, Pool } from './model'

type Kind = 'listeners' | 'pools' | 'members' | 'healthMonitors'
const LABELS: Record<Kind, string> = {
  listeners: 'Listener',
  pools: 'Pool',
  members: 'Member',
  healthMonitors: 'Health Monitor',
}

export const findChild = <K extends Kind>(cloud: DevCloud, actor: Actor, kind: K, id: string) => {
  const item = (cloud.state.data[kind] as { id: string; projectId: string }[]).find(
    (x) => x.id === id && owns(actor, x.projectId)
  )
  if (!item) throw notFound(`${LABELS[kind]} ${id} not found.`)
  return item as (typeof cloud.state.data)[K][number]
}

const common = (
  cloud: DevCloud,
  lb: { projectId: string },
  r: { name?: string; description?: string; adminStateUp?: boolean; tags?: string[] }
) => ({
  id: randomUuid(),
  name: r.name ?? '',
  description: r.description ?? '',
  projectId: lb.projectId,
  adminStateUp: r.adminStateUp ?? true,
  provisioningStatus: 'PENDING_CREATE' as const,
  pendingUntil: null,
  tags: r.tags ?? [],
  createdAt: cloud.now().toISOString(),
  updatedAt: null,
})

/** A change under a load balancer: the child goes PENDING_CREATE and the load balancer PENDING_UPDATE. */
const underLoadBalancer = <T extends Parameters<typeof markPending>[1]>(
  cloud: DevCloud,
  actor: Actor,
  lbId: string,
  make: (lb: ReturnType<typeof visibleLoadBalancer>) => T
): T => {
  const lb = visibleLoadBalancer(cloud, actor, lbId)
  requireMutable(lb)
  const child = make(lb)
  markPending(cloud, child, 'PENDING_CREATE')
  markPending(cloud, lb, 'PENDING_UPDATE')
  return child
}

export interface ListenerCreate {
  loadbalancerId: string
  protocol: string
  protocolPort: number
  name?: string
  description?: string
  adminStateUp?: boolean
  connectionLimit?: number
  defaultPoolId?: string
  allowedCidrs?: string[]
  tags?: string[]
}

export const createListener = (cloud: DevCloud, actor: Actor, req: ListenerCreate): Listener => {
  const { data } = cloud.state
  if (
    data.listeners.some(
      (l) => l.loadbalancerId === req.loadbalancerId && l.protocolPort === req.protocolPort
    )
  ) {
    throw conflict(
      `Another Listener on this Load Balancer is already using protocol_port ${req.protocolPort}`
    )
  }
  const listener = underLoadBalancer(
    cloud,
    actor,
    req.loadbalancerId,
    (lb): Listener => ({
      ...common(cloud, lb, req),
      loadbalancerId: lb.id,
      protocol: req.protocol,
      protocolPort: req.protocolPort,
      connectionLimit: req.connectionLimit ?? -1,
      defaultPoolId: req.defaultPoolId ?? null,
      allowedCidrs: req.allowedCidrs ?? null,
      timeoutClientData: 50000,
      timeoutMemberData: 50000,
    })
  )
  data.listeners.push(listener)
  cloud.state.save()
  return listener
}

export interface PoolCreate {
  loadbalancerId?: string
  listenerId?: string
  protocol: string
  lbAlgorithm: string
  name?: string
  description?: string
  adminStateUp?: boolean
  sessionPersistence?: Record<string, unknown> | null
  tags?: string[]
}

export const createPool = (cloud: DevCloud, actor: Actor, req: PoolCreate): Pool => {
  const { data } = cloud.state
  const listener =
    req.listenerId === undefined ? undefined : findChild(cloud, actor, 'listeners', req.listenerId)
  const lbId = req.loadbalancerId ?? listener?.loadbalancerId
  if (lbId === undefined)
    throw badRequest('Validation failure: loadbalancer_id or listener_id must be specified.')
  if (listener?.defaultPoolId) {
    throw conflict(`Listener ${listener.id} already has a default pool.`)
  }
  const pool = underLoadBalancer(
    cloud,
    actor,
    lbId,
    (lb): Pool => ({
      ...common(cloud, lb, req),
      loadbalancerId: lb.id,
      listenerId: listener?.id ?? null,
      protocol: req.protocol,
      lbAlgorithm: req.lbAlgorithm,
      sessionPersistence: req.sessionPersistence ?? null,
    })
  )
  if (listener) listener.defaultPoolId = pool.id
  data.pools.push(pool)
  cloud.state.save()
  return pool
}

export interface MemberCreate {
  poolId: string
  address: string
  protocolPort: number
  subnetId?: string
  weight?: number
  backup?: boolean
  name?: string
  adminStateUp?: boolean
  monitorAddress?: string
  monitorPort?: number
  tags?: string[]
}

export const createMember = (cloud: DevCloud, actor: Actor, req: MemberCreate): Member => {
  const { data } = cloud.state
  const pool = findChild(cloud, actor, 'pools', req.poolId)
  if (
    data.members.some(
      (m) =>
        m.poolId === pool.id && m.address === req.address && m.protocolPort === req.protocolPort
    )
  ) {
    throw conflict(
      `Another member on this pool is already using ip ${req.address} on protocol_port ${req.protocolPort}`
    )
  }
  const member = underLoadBalancer(
    cloud,
    actor,
    pool.loadbalancerId,
    (lb): Member => ({
      ...common(cloud, lb, req),
      poolId: pool.id,
      address: req.address,
      protocolPort: req.protocolPort,
      subnetId: req.subnetId ?? null,
      weight: req.weight ?? 1,
      backup: req.backup ?? false,
      monitorAddress: req.monitorAddress ?? null,
      monitorPort: req.monitorPort ?? null,
    })
  )
  data.members.push(member)
  cloud.state.save()
  return member
}

export interface HealthMonitorCreate {
  poolId: string
  type: string
  delay: number
  timeout: number
  maxRetries: number
  maxRetriesDown?: number
  httpMethod?: string
  urlPath?: string
  expectedCodes?: string
  name?: string
  adminStateUp?: boolean
  tags?: string[]
}

export const createHealthMonitor = (
  cloud: DevCloud,
  actor: Actor,
  req: HealthMonitorCreate
): HealthMonitor => {
  const { data } = cloud.state
  const pool = findChild(cloud, actor, 'pools', req.poolId)
  if (data.healthMonitors.some((h) => h.poolId === pool.id)) {
    throw conflict(`Pool ${pool.id} already has a health monitor.`)
  }
  const http = req.type === 'HTTP' || req.type === 'HTTPS'
  const monitor = underLoadBalancer(
    cloud,
    actor,
    pool.loadbalancerId,
    (lb): HealthMonitor => ({
      ...common(cloud, lb, { ...req, description: undefined }),
      poolId: pool.id,
      type: req.type,
      delay: req.delay,
      timeout: req.timeout,
      maxRetries: req.maxRetries,
      maxRetriesDown: req.maxRetriesDown ?? 3,
      httpMethod: http ? (req.httpMethod ?? 'GET') : null,
      urlPath: http ? (req.urlPath ?? '/') : null,
      expectedCodes: http ? (req.expectedCodes ?? '200') : null,
    })
  )
  data.healthMonitors.push(monitor)
  cloud.state.save()
  return monitor
}

/** Deletes one child (and what hangs under it) after its load balancer's update. */
export const deleteChild = (cloud: DevCloud, actor: Actor, kind: Kind, id: string): void => {
  const { data } = cloud.state
  const item = findChild(cloud, actor, kind, id)
  const lbId =
    'loadbalancerId' in item
      ? item.loadbalancerId
      : findChild(cloud, { ...actor, admin: true }, 'pools', item.poolId).loadbalancerId
  const lb = visibleLoadBalancer(cloud, { ...actor, admin: true }, lbId)
  requireMutable(lb)
  const doomed: {
    provisioningStatus: Listener['provisioningStatus']
    pendingUntil: string | null
    updatedAt: string | null
  }[] = [item]
  if (kind === 'pools') {
    doomed.push(
      ...data.members.filter((m) => m.poolId === id),
      ...data.healthMonitors.filter((h) => h.poolId === id)
    )
    for (const l of data.listeners) if (l.defaultPoolId === id) l.defaultPoolId = null
  }
  if (kind === 'listeners') {
    for (const p of data.pools) if (p.listenerId === id) p.listenerId = null
  }
  for (const d of doomed) markPending(cloud, d, 'PENDING_DELETE')
  markPending(cloud, lb, 'PENDING_UPDATE')
  cloud.state.save()
}
