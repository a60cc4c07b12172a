import type { Actor } from '../../actor'
import type { DevCloud } from '../../context'
import { CloudError } from '../../http'
import {
  createHealthMonitor,
  createListener,
  createMember,
  createPool,
  deleteChild,
} from '../../octavia/children-service'
import { createLoadBalancer, deleteLoadBalancer } from '../../octavia/lb-service'
import {
  renderHealthMonitor,
  renderListener,
  renderLoadBalancer,
  renderMember,
  renderPool,
} from '../../octavia/render'
import type { StateData } from '../../state'
import { findSubnet } from './lookup'
import {
  DONE,
  failed,
  RETRY,
  type ResourceRuntime,
  type ResourceType,
  type StepResult,
} from './types'

type Kind = 'loadBalancers' | 'listeners' | 'pools' | 'members' | 'healthMonitors'
const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v))

const byRef = (cloud: DevCloud, actor: Actor, kind: Kind, ref: string): { id: string } => {
  const items = cloud.state.data[kind] as { id: string; name: string; projectId: string }[]
  const found =
    items.find((i) => i.id === ref) ??
    items.find((i) => i.name === ref && (actor.admin || i.projectId === actor.projectId))
  if (!found) throw new CloudError(404, `Unable to find ${kind} with name or id '${ref}'`)
  return found
}

/** Octavia refuses work while a load balancer is PENDING_*; Heat waits and tries again. */
const whenMutable = (fn: () => void): StepResult => {
  try {
    fn()
    return DONE
  } catch (err) {
    if (err instanceof CloudError && err.status === 409 && err.message.includes('immutable'))
      return RETRY
    throw err
  }
}

/** ACTIVE (done when it settled), still PENDING_*, ERROR, or gone. */
const provisioned = (rt: ResourceRuntime, kind: Kind, gone: 'ok' | 'fail'): StepResult => {
  const item = (
    rt.cloud.state.data[kind] as {
      id: string
      provisioningStatus: string
      pendingUntil: string | null
    }[]
  ).find((i) => i.id === rt.resource.physicalId)
  if (!item)
    return gone === 'ok'
      ? DONE
      : failed('ResourceUnknownStatus', `${kind} ${rt.resource.physicalId} is gone`)
  if (item.provisioningStatus === 'ERROR')
    return failed('ResourceInError', 'Went to status ERROR due to "Unknown"')
  if (item.provisioningStatus === 'ACTIVE') return DONE
  return {
    state: 'wait',
    until: item.pendingUntil === null ? undefined : new Date(item.pendingUntil),
  }
}

const octaviaType = <K extends Kind>(
  kind: K,
  spec: Pick<ResourceType, 'properties' | 'attributes'> & {
    create: (rt: ResourceRuntime, props: Record<string, unknown>) => { id: string }
    render: (data: StateData, item: StateData[K][number]) => Record<string, unknown>
    remove: (rt: ResourceRuntime) => void
  }
): ResourceType => ({
  client: 'octavia',
  properties: spec.properties,
  attributes: spec.attributes,
  create(rt, props) {
    let id = ''
    const result = whenMutable(() => {
      id = spec.create(rt, props).id
    })
    if (result.state === 'done') rt.resource.physicalId = id
    return result
  },
  checkCreate: (rt) => provisioned(rt, kind, 'fail'),
  delete(rt) {
    const exists = (rt.cloud.state.data[kind] as { id: string }[]).some(
      (i) => i.id === rt.resource.physicalId
    )
    return exists ? whenMutable(() => spec.remove(rt)) : DONE
  },
  checkDelete: (rt) => provisioned(rt, kind, 'ok'),
  attribute(rt, name) {
    const item = (rt.cloud.state.data[kind] as { id: string }[]).find(
      (i) => i.id === rt.resource.physicalId
    )
    if (!item) return null
    const rendered = spec.render(rt.cloud.state.data, item as StateData[K][number])
    if (name === 'show') return rendered
    const ids = (v: unknown) => (Array.isArray(v) ? v.map((x) => (x as { id: string }).id) : v)
    return ids(rendered[name])
  },
})

export const OctaviaLoadBalancer = octaviaType('loadBalancers', {
  properties: {
    vip_subnet: { type: 'string' },
    vip_network: { type: 'string' },
    vip_address: { type: 'string' },
    name: { type: 'string', updatable: true },
    description: { type: 'string', updatable: true },
    provider: { type: 'string' },
    tenant_id: { type: 'string' },
    admin_state_up: { type: 'boolean', default: true, updatable: true },
    flavor: { type: 'string' },
    availability_zone: { type: 'string' },
  },
  attributes: [
    'vip_address',
    'vip_port_id',
    'vip_subnet_id',
    'pools',
    'listeners',
    'flavor_id',
    'show',
  ],
  create: (rt, p) =>
    createLoadBalancer(rt.cloud, rt.actor, {
      name: str(p.name) ?? rt.physicalName(),
      description: str(p.description),
      vipSubnetId:
        str(p.vip_subnet) === undefined
          ? undefined
          : findSubnet(rt.cloud, rt.actor, String(p.vip_subnet)).id,
      vipNetworkId: str(p.vip_network),
      vipAddress: str(p.vip_address),
      provider: str(p.provider),
      adminStateUp: p.admin_state_up !== false,
      flavorId: str(p.flavor),
      availabilityZone: str(p.availability_zone),
    }),
  render: renderLoadBalancer,
  remove: (rt) =>
    deleteLoadBalancer(rt.cloud, rt.actor, rt.resource.physicalId, { cascade: false }),
})

export const OctaviaListener = octaviaType('listeners', {
  properties: {
    protocol_port: { type: 'integer', required: true },
    protocol: {
      type: 'string',
      required: true,
      allowed: ['TCP', 'HTTP', 'HTTPS', 'TERMINATED_HTTPS', 'PROXY', 'UDP', 'SCTP'],
    },
    loadbalancer: { type: 'string' },
    default_pool: { type: 'string' },
    name: { type: 'string', updatable: true },
    description: { type: 'string', updatable: true },
    admin_state_up: { type: 'boolean', default: true },
    connection_limit: { type: 'integer', default: -1 },
    default_tls_container_ref: { type: 'string' },
    sni_container_refs: { type: 'list' },
    tenant_id: { type: 'string' },
    allowed_cidrs: { type: 'list' },
  },
  attributes: ['loadbalancers', 'default_pool_id', 'pools', 'show'],
  create: (rt, p) =>
    createListener(rt.cloud, rt.actor, {
      loadbalancerId: byRef(rt.cloud, rt.actor, 'loadBalancers', String(p.loadbalancer ?? '')).id,
      protocol: String(p.protocol),
      protocolPort: Number(p.protocol_port),
      name: str(p.name) ?? rt.physicalName(),
      description: str(p.description),
      connectionLimit: Number(p.connection_limit ?? -1),
      allowedCidrs: Array.isArray(p.allowed_cidrs) ? p.allowed_cidrs.map(String) : undefined,
    }),
  render: renderListener,
  remove: (rt) => deleteChild(rt.cloud, rt.actor, 'listeners', rt.resource.physicalId),
})

export const OctaviaPool = octaviaType('pools', {
  properties: {
    lb_algorithm: {
      type: 'string',
      required: true,
      allowed: ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'SOURCE_IP_PORT'],
    },
    protocol: {
      type: 'string',
      required: true,
      allowed: ['TCP', 'HTTP', 'HTTPS', 'PROXY', 'UDP', 'SCTP'],
    },
    listener: { type: 'string' },
    loadbalancer: { type: 'string' },
    name: { type: 'string', updatable: true },
    description: { type: 'string', updatable: true },
    admin_state_up: { type: 'boolean', default: true },
    session_persistence: { type: 'map' },
    tls_enabled: { type: 'boolean', default: false },
  },
  attributes: ['healthmonitor_id', 'listeners', 'members', 'show'],
  create: (rt, p) =>
    createPool(rt.cloud, rt.actor, {
      listenerId:
        str(p.listener) === undefined
          ? undefined
          : byRef(rt.cloud, rt.actor, 'listeners', String(p.listener)).id,
      loadbalancerId:
        str(p.loadbalancer) === undefined
          ? undefined
          : byRef(rt.cloud, rt.actor, 'loadBalancers', String(p.loadbalancer)).id,
      protocol: String(p.protocol),
      lbAlgorithm: String(p.lb_algorithm),
      name: str(p.name) ?? rt.physicalName(),
      description: str(p.description),
      sessionPersistence: (p.session_persistence as Record<string, unknown> | undefined) ?? null,
    }),
  render: renderPool,
  remove: (rt) => deleteChild(rt.cloud, rt.actor, 'pools', rt.resource.physicalId),
})

export const OctaviaPoolMember = octaviaType('members', {
  properties: {
    pool: { type: 'string', required: true },
    address: { type: 'string', required: true },
    protocol_port: { type: 'integer', required: true },
    monitor_address: { type: 'string' },
    monitor_port: { type: 'integer' },
    weight: { type: 'integer', default: 1, updatable: true },
    admin_state_up: { type: 'boolean', default: true },
    subnet: { type: 'string' },
    tags: { type: 'list' },
  },
  attributes: ['address', 'pool_id', 'show'],
  create: (rt, p) =>
    createMember(rt.cloud, rt.actor, {
      poolId: byRef(rt.cloud, rt.actor, 'pools', String(p.pool)).id,
      address: String(p.address),
      protocolPort: Number(p.protocol_port),
      subnetId:
        str(p.subnet) === undefined
          ? undefined
          : findSubnet(rt.cloud, rt.actor, String(p.subnet)).id,
      weight: Number(p.weight ?? 1),
      adminStateUp: p.admin_state_up !== false,
      monitorAddress: str(p.monitor_address),
      monitorPort:
        p.monitor_port === undefined || p.monitor_port === null
          ? undefined
          : Number(p.monitor_port),
    }),
  render: (data, m) => ({ ...renderMember(data, m), pool_id: m.poolId }),
  remove: (rt) => deleteChild(rt.cloud, rt.actor, 'members', rt.resource.physicalId),
})

export const OctaviaHealthMonitor = octaviaType('healthMonitors', {
  properties: {
    pool: { type: 'string', required: true },
    type: {
      type: 'string',
      required: true,
      allowed: ['HTTP', 'HTTPS', 'PING', 'TCP', 'TLS-HELLO', 'UDP-CONNECT', 'SCTP'],
    },
    delay: { type: 'integer', required: true },
    max_retries: { type: 'integer', required: true },
    max_retries_down: { type: 'integer' },
    timeout: { type: 'integer', required: true },
    http_method: { type: 'string' },
    url_path: { type: 'string' },
    expected_codes: { type: 'string' },
    admin_state_up: { type: 'boolean', default: true },
    tenant_id: { type: 'string' },
  },
  attributes: ['pools', 'show'],
  create: (rt, p) =>
    createHealthMonitor(rt.cloud, rt.actor, {
      poolId: byRef(rt.cloud, rt.actor, 'pools', String(p.pool)).id,
      type: String(p.type),
      delay: Number(p.delay),
      timeout: Number(p.timeout),
      maxRetries: Number(p.max_retries),
      maxRetriesDown:
        p.max_retries_down === undefined || p.max_retries_down === null
          ? undefined
          : Number(p.max_retries_down),
      httpMethod: str(p.http_method),
      urlPath: str(p.url_path),
      expectedCodes: str(p.expected_codes),
    }),
  render: (_data, h) => renderHealthMonitor(h),
  remove: (rt) => deleteChild(rt.cloud, rt.actor, 'healthMonitors', rt.resource.physicalId),
})
