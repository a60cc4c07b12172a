import { isAdmin, type ValidToken } from '../keystone/tokens'
import { secondsTime } from '../time'
import type { Network, Subnet } from './model'

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
