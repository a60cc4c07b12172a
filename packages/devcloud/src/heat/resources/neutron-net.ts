import { badRequest } from '../../http'
import { createNetwork, deleteNetwork } from '../../neutron/networks-service'
import { createSubnet, deleteSubnet } from '../../neutron/subnets-service'
import { ignoreNotFound } from './failures'
import { findNetwork } from './lookup'
import { DONE, type ResourceRuntime, type ResourceType } from './types'

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v))
const data = (rt: ResourceRuntime) => rt.cloud.state.data
const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined)

export const NeutronNet: ResourceType = {
  client: 'neutron',
  properties: {
    name: { type: 'string', updatable: true },
    value_specs: { type: 'map', default: {} },
    admin_state_up: { type: 'boolean', default: true, updatable: true },
    tenant_id: { type: 'string' },
    shared: { type: 'boolean', default: false },
    port_security_enabled: { type: 'boolean' },
    dhcp_agent_ids: { type: 'list' },
    qos_policy: { type: 'string' },
    dns_domain: { type: 'string' },
    tags: { type: 'list', updatable: true },
    availability_zone_hints: { type: 'list' },
  },
  attributes: [
    'status',
    'name',
    'subnets',
    'admin_state_up',
    'tenant_id',
    'port_security_enabled',
    'mtu',
    'qos_policy_id',
    'l2_adjacency',
    'segments',
    'show',
  ],
  create(rt, props) {
    const network = createNetwork(rt.cloud, rt.actor, {
      name: str(props.name) ?? rt.physicalName(),
      adminStateUp: props.admin_state_up !== false,
      shared: props.shared === true,
      portSecurityEnabled: props.port_security_enabled === false ? false : undefined,
      tags: strings(props.tags),
    })
    rt.resource.physicalId = network.id
    return DONE
  },
  update(rt, props) {
    const network = data(rt).networks.find((n) => n.id === rt.resource.physicalId)
    if (!network) return 'replace'
    network.name = str(props.name) ?? network.name
    network.adminStateUp = props.admin_state_up !== false
    network.tags = strings(props.tags) ?? network.tags
    network.revisionNumber += 1
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deleteNetwork(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute(rt, name) {
    const network = data(rt).networks.find((n) => n.id === rt.resource.physicalId)
    if (!network) return null
    const values: Record<string, unknown> = {
      status: network.status,
      name: network.name,
      subnets: data(rt)
        .subnets.filter((s) => s.networkId === network.id)
        .map((s) => s.id),
      admin_state_up: network.adminStateUp,
      tenant_id: network.projectId,
      port_security_enabled: network.portSecurityEnabled,
      mtu: network.mtu,
      qos_policy_id: null,
      l2_adjacency: true,
      segments: [],
    }
    return name === 'show' ? { id: network.id, ...values } : values[name]
  },
}

const Pools = {
  type: 'list' as const,
  items: {
    type: 'map' as const,
    schema: {
      start: { type: 'string' as const, required: true },
      end: { type: 'string' as const, required: true },
    },
  },
}
const Routes = {
  type: 'list' as const,
  items: {
    type: 'map' as const,
    schema: {
      destination: { type: 'string' as const, required: true },
      nexthop: { type: 'string' as const, required: true },
    },
  },
}

export const NeutronSubnet: ResourceType = {
  client: 'neutron',
  properties: {
    network_id: { type: 'string' },
    network: { type: 'string' },
    subnetpool: { type: 'string' },
    prefixlen: { type: 'integer' },
    cidr: { type: 'string' },
    value_specs: { type: 'map', default: {} },
    name: { type: 'string', updatable: true },
    ip_version: { type: 'integer', default: 4, allowed: [4, 6] },
    dns_nameservers: { type: 'list', default: [], updatable: true },
    gateway_ip: { type: 'string', updatable: true },
    enable_dhcp: { type: 'boolean', default: true, updatable: true },
    ipv6_address_mode: { type: 'string' },
    ipv6_ra_mode: { type: 'string' },
    allocation_pools: Pools,
    tenant_id: { type: 'string' },
    host_routes: Routes,
    segment: { type: 'string' },
    tags: { type: 'list', updatable: true },
  },
  attributes: [
    'name',
    'network_id',
    'tenant_id',
    'allocation_pools',
    'gateway_ip',
    'host_routes',
    'ip_version',
    'cidr',
    'dns_nameservers',
    'enable_dhcp',
    'show',
  ],
  create(rt, props) {
    // Neutron takes nameservers as strings; a nested list (a list parameter wrapped again) is a 400.
    const bad = ((props.dns_nameservers ?? []) as unknown[]).find((d) => typeof d !== 'string')
    if (bad !== undefined) {
      throw badRequest(
        `Invalid input for dns_nameservers. Reason: '${JSON.stringify(bad)}' is not a valid nameserver.`,
        'InvalidInput'
      )
    }
    const networkRef = str(props.network) ?? str(props.network_id) ?? ''
    const network = findNetwork(rt.cloud, rt.actor, networkRef)
    const gateway =
      props.gateway_ip === undefined
        ? undefined
        : props.gateway_ip === '' || props.gateway_ip === null
          ? null
          : String(props.gateway_ip)
    const subnet = createSubnet(rt.cloud, rt.actor, {
      networkId: network.id,
      cidr: String(props.cidr ?? ''),
      ipVersion: Number(props.ip_version) === 6 ? 6 : 4,
      name: str(props.name) ?? rt.physicalName(),
      gatewayIp: gateway,
      enableDhcp: props.enable_dhcp !== false,
      dnsNameservers: strings(props.dns_nameservers),
      allocationPools: props.allocation_pools as { start: string; end: string }[] | undefined,
      hostRoutes: props.host_routes as { destination: string; nexthop: string }[] | undefined,
      tags: strings(props.tags),
    })
    rt.resource.physicalId = subnet.id
    return DONE
  },
  update(rt, props, previous) {
    const subnet = data(rt).subnets.find((s) => s.id === rt.resource.physicalId)
    if (!subnet || props.cidr !== previous.cidr || props.network !== previous.network)
      return 'replace'
    subnet.name = str(props.name) ?? subnet.name
    subnet.dnsNameservers = strings(props.dns_nameservers) ?? []
    subnet.enableDhcp = props.enable_dhcp !== false
    subnet.revisionNumber += 1
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deleteSubnet(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute(rt, name) {
    const s = data(rt).subnets.find((x) => x.id === rt.resource.physicalId)
    if (!s) return null
    const values: Record<string, unknown> = {
      name: s.name,
      network_id: s.networkId,
      tenant_id: s.projectId,
      allocation_pools: s.allocationPools,
      gateway_ip: s.gatewayIp,
      host_routes: s.hostRoutes,
      ip_version: s.ipVersion,
      cidr: s.cidr,
      dns_nameservers: s.dnsNameservers,
      enable_dhcp: s.enableDhcp,
    }
    return name === 'show' ? { id: s.id, ...values } : values[name]
  },
}
