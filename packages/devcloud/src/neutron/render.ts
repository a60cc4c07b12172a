import { isAdmin, type ValidToken } from '../keystone/tokens'
import { secondsTime } from '../time'
import type {
  FloatingIp,
  Network,
  Port,
  Router,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
} from './model'

export const renderNetwork = (caller: ValidToken, n: Network, subnetIds: string[]) => ({
  id: n.id,
  name: n.name,
  tenant_id: n.projectId,
  admin_state_up: n.adminStateUp,
  mtu: n.mtu,
  status: n.status,
  subnets: subnetIds,
  shared: n.shared,
  availability_zone_hints: [],
  availability_zones: ['nova'],
  ipv4_address_scope: null,
  ipv6_address_scope: null,
  'router:external': n.external,
  description: n.description,
  port_security_enabled: n.portSecurityEnabled,
  is_default: n.isDefault,
  tags: n.tags,
  created_at: secondsTime(n.createdAt),
  updated_at: secondsTime(n.updatedAt),
  revision_number: n.revisionNumber,
  project_id: n.projectId,
  // Provider attributes are admin-only on Neutron.
  ...(isAdmin(caller)
    ? {
        'provider:network_type': n.networkType,
        'provider:physical_network': n.physicalNetwork,
        'provider:segmentation_id': n.segmentationId,
      }
    : {}),
})

export const renderSubnet = (s: Subnet) => ({
  id: s.id,
  name: s.name,
  tenant_id: s.projectId,
  network_id: s.networkId,
  ip_version: s.ipVersion,
  subnetpool_id: null,
  enable_dhcp: s.enableDhcp,
  ipv6_ra_mode: null,
  ipv6_address_mode: null,
  gateway_ip: s.gatewayIp,
  cidr: s.cidr,
  allocation_pools: s.allocationPools,
  host_routes: s.hostRoutes,
  dns_nameservers: s.dnsNameservers,
  description: s.description,
  service_types: [],
  tags: s.tags,
  created_at: secondsTime(s.createdAt),
  updated_at: secondsTime(s.updatedAt),
  revision_number: s.revisionNumber,
  project_id: s.projectId,
})

const stamps = (r: { createdAt: string; updatedAt: string; revisionNumber: number }) => ({
  created_at: secondsTime(r.createdAt),
  updated_at: secondsTime(r.updatedAt),
  revision_number: r.revisionNumber,
})

/** Bound ports are ACTIVE, as on a cloud whose agents are up; unbound ones stay DOWN. */
export const portStatus = (p: Port): string => (p.deviceId === '' ? 'DOWN' : 'ACTIVE')

export const renderPort = (p: Port) => ({
  id: p.id,
  name: p.name,
  network_id: p.networkId,
  tenant_id: p.projectId,
  mac_address: p.macAddress,
  admin_state_up: p.adminStateUp,
  status: portStatus(p),
  device_id: p.deviceId,
  device_owner: p.deviceOwner,
  fixed_ips: p.fixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ipAddress })),
  allowed_address_pairs: p.allowedAddressPairs.map((a) => ({
    ip_address: a.ipAddress,
    mac_address: a.macAddress,
  })),
  extra_dhcp_opts: [],
  security_groups: p.securityGroupIds,
  description: p.description,
  'binding:vnic_type': p.vnicType,
  port_security_enabled: p.portSecurityEnabled,
  tags: p.tags,
  ...stamps(p),
  project_id: p.projectId,
})

export const renderRouter = (r: Router) => ({
  id: r.id,
  name: r.name,
  tenant_id: r.projectId,
  admin_state_up: r.adminStateUp,
  status: 'ACTIVE',
  external_gateway_info: r.externalGateway
    ? {
        network_id: r.externalGateway.networkId,
        external_fixed_ips: r.externalGateway.fixedIps.map((f) => ({
          subnet_id: f.subnetId,
          ip_address: f.ipAddress,
        })),
        enable_snat: r.externalGateway.enableSnat,
      }
    : null,
  description: r.description,
  availability_zones: ['nova'],
  availability_zone_hints: [],
  routes: r.routes,
  flavor_id: null,
  tags: r.tags,
  ...stamps(r),
  project_id: r.projectId,
})

export const renderFloatingIp = (f: FloatingIp, port: Port | undefined) => ({
  id: f.id,
  tenant_id: f.projectId,
  floating_ip_address: f.floatingIpAddress,
  floating_network_id: f.floatingNetworkId,
  router_id: f.routerId,
  port_id: f.portId,
  fixed_ip_address: f.fixedIpAddress,
  status: f.portId === null ? 'DOWN' : 'ACTIVE',
  description: f.description,
  port_details: port
    ? {
        name: port.name,
        network_id: port.networkId,
        mac_address: port.macAddress,
        admin_state_up: port.adminStateUp,
        status: portStatus(port),
        device_id: port.deviceId,
        device_owner: port.deviceOwner,
      }
    : null,
  tags: f.tags,
  ...stamps(f),
  project_id: f.projectId,
})

/** Neutron's internal row id, shown on embedded rules; stable per rule here. */
const standardAttrId = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 6), 16)

/** A rule on its own; inside its group Neutron adds `standard_attr_id` and `tags`. */
export const renderSecurityGroupRule = (r: SecurityGroupRule, options = { embedded: false }) => ({
  id: r.id,
  tenant_id: r.projectId,
  security_group_id: r.securityGroupId,
  ethertype: r.ethertype,
  direction: r.direction,
  protocol: r.protocol,
  port_range_min: r.portRangeMin,
  port_range_max: r.portRangeMax,
  remote_ip_prefix: r.remoteIpPrefix,
  remote_address_group_id: null,
  normalized_cidr: r.remoteIpPrefix,
  remote_group_id: r.remoteGroupId,
  description: r.description,
  ...(options.embedded ? { standard_attr_id: standardAttrId(r.id), tags: [] } : {}),
  ...stamps(r),
  project_id: r.projectId,
})

export const renderSecurityGroup = (g: SecurityGroup, rules: SecurityGroupRule[]) => ({
  id: g.id,
  name: g.name,
  stateful: g.stateful,
  tenant_id: g.projectId,
  description: g.description,
  shared: false,
  security_group_rules: rules.map((r) => renderSecurityGroupRule(r, { embedded: true })),
  tags: g.tags,
  ...stamps(g),
  project_id: g.projectId,
})
