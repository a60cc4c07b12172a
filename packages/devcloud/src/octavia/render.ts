import type { StateData } from '../state'
import type { HealthMonitor, Listener, LoadBalancer, Member, Pool } from './model'

/** Octavia writes times without a zone and without fractions. */
const octaviaTime = (iso: string | null) => (iso === null ? null : iso.replace(/\.\d{3}Z$/, ''))

const base = (o: {
  id: string
  name: string
  description: string
  projectId: string
  adminStateUp: boolean
  provisioningStatus: string
  tags: string[]
  createdAt: string
  updatedAt: string | null
}) => ({
  id: o.id,
  name: o.name,
  description: o.description,
  provisioning_status: o.provisioningStatus,
  operating_status: o.provisioningStatus === 'ACTIVE' ? 'ONLINE' : 'OFFLINE',
  admin_state_up: o.adminStateUp,
  project_id: o.projectId,
  created_at: octaviaTime(o.createdAt),
  updated_at: octaviaTime(o.updatedAt),
  tags: o.tags,
  tenant_id: o.projectId,
})

const ids = (items: { id: string }[]) => items.map((i) => ({ id: i.id }))

export const renderLoadBalancer = (data: StateData, lb: LoadBalancer) => ({
  ...base(lb),
  vip_address: lb.vipAddress,
  vip_port_id: lb.vipPortId,
  vip_subnet_id: lb.vipSubnetId,
  vip_network_id: lb.vipNetworkId,
  vip_qos_policy_id: null,
  additional_vips: [],
  provider: lb.provider,
  flavor_id: lb.flavorId,
  availability_zone: lb.availabilityZone,
  listeners: ids(data.listeners.filter((l) => l.loadbalancerId === lb.id)),
  pools: ids(data.pools.filter((p) => p.loadbalancerId === lb.id)),
})

export const renderListener = (data: StateData, l: Listener) => ({
  ...base(l),
  protocol: l.protocol,
  protocol_port: l.protocolPort,
  connection_limit: l.connectionLimit,
  default_tls_container_ref: null,
  sni_container_refs: [],
  default_pool_id: l.defaultPoolId,
  l7policies: [],
  insert_headers: {},
  loadbalancers: [{ id: l.loadbalancerId }],
  timeout_client_data: l.timeoutClientData,
  timeout_member_connect: 5000,
  timeout_member_data: l.timeoutMemberData,
  timeout_tcp_inspect: 0,
  allowed_cidrs: l.allowedCidrs,
  pools: ids(data.pools.filter((p) => p.listenerId === l.id)),
})

export const renderPool = (data: StateData, p: Pool) => ({
  ...base(p),
  protocol: p.protocol,
  lb_algorithm: p.lbAlgorithm,
  session_persistence: p.sessionPersistence,
  loadbalancers: [{ id: p.loadbalancerId }],
  listeners: p.listenerId === null ? [] : [{ id: p.listenerId }],
  members: ids(data.members.filter((m) => m.poolId === p.id)),
  healthmonitor_id: data.healthMonitors.find((h) => h.poolId === p.id)?.id ?? null,
  tls_enabled: false,
})

export const renderMember = (data: StateData, m: Member) => {
  const monitored = data.healthMonitors.some((h) => h.poolId === m.poolId)
  const rendered = base(m)
  return {
    ...rendered,
    operating_status:
      rendered.operating_status === 'ONLINE' && !monitored
        ? 'NO_MONITOR'
        : rendered.operating_status,
    address: m.address,
    protocol_port: m.protocolPort,
    weight: m.weight,
    backup: m.backup,
    subnet_id: m.subnetId,
    monitor_address: m.monitorAddress,
    monitor_port: m.monitorPort,
  }
}

export const renderHealthMonitor = (h: HealthMonitor) => ({
  ...base(h),
  type: h.type,
  delay: h.delay,
  timeout: h.timeout,
  max_retries: h.maxRetries,
  max_retries_down: h.maxRetriesDown,
  http_method: h.httpMethod,
  url_path: h.urlPath,
  expected_codes: h.expectedCodes,
  pools: [{ id: h.poolId }],
})
