import { z } from 'zod'

export const NetworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  description: z.string(),
  adminStateUp: z.boolean(),
  status: z.string(),
  shared: z.boolean(),
  external: z.boolean(),
  isDefault: z.boolean(),
  mtu: z.number().int(),
  portSecurityEnabled: z.boolean(),
  networkType: z.string(),
  physicalNetwork: z.string().nullable(),
  segmentationId: z.number().int().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisionNumber: z.number().int(),
})
export type Network = z.infer<typeof NetworkSchema>

export const AllocationPoolSchema = z.object({ start: z.string(), end: z.string() })
export const HostRouteSchema = z.object({ destination: z.string(), nexthop: z.string() })

export const SubnetSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  networkId: z.string(),
  description: z.string(),
  ipVersion: z.union([z.literal(4), z.literal(6)]),
  cidr: z.string(),
  gatewayIp: z.string().nullable(),
  allocationPools: z.array(AllocationPoolSchema),
  enableDhcp: z.boolean(),
  dnsNameservers: z.array(z.string()),
  hostRoutes: z.array(HostRouteSchema),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisionNumber: z.number().int(),
})
export type Subnet = z.infer<typeof SubnetSchema>

export const FixedIpSchema = z.object({ subnetId: z.string(), ipAddress: z.string() })
export type FixedIp = z.infer<typeof FixedIpSchema>

export const PortSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  networkId: z.string(),
  description: z.string(),
  adminStateUp: z.boolean(),
  macAddress: z.string(),
  deviceId: z.string(),
  deviceOwner: z.string(),
  fixedIps: z.array(FixedIpSchema),
  securityGroupIds: z.array(z.string()),
  portSecurityEnabled: z.boolean(),
  allowedAddressPairs: z.array(z.object({ ipAddress: z.string(), macAddress: z.string() })),
  vnicType: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisionNumber: z.number().int(),
})
export type Port = z.infer<typeof PortSchema>

export const RouterSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  description: z.string(),
  adminStateUp: z.boolean(),
  externalGateway: z
    .object({
      networkId: z.string(),
      enableSnat: z.boolean(),
      fixedIps: z.array(FixedIpSchema),
    })
    .nullable(),
  routes: z.array(HostRouteSchema),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisionNumber: z.number().int(),
})
export type Router = z.infer<typeof RouterSchema>

export const FloatingIpSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  description: z.string(),
  floatingNetworkId: z.string(),
  floatingIpAddress: z.string(),
  portId: z.string().nullable(),
  fixedIpAddress: z.string().nullable(),
  routerId: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisionNumber: z.number().int(),
})
export type FloatingIp = z.infer<typeof FloatingIpSchema>

export const SecurityGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  description: z.string(),
  stateful: z.boolean(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisionNumber: z.number().int(),
})
export type SecurityGroup = z.infer<typeof SecurityGroupSchema>

export const SecurityGroupRuleSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  securityGroupId: z.string(),
  direction: z.enum(['ingress', 'egress']),
  ethertype: z.enum(['IPv4', 'IPv6']),
  protocol: z.string().nullable(),
  portRangeMin: z.number().int().nullable(),
  portRangeMax: z.number().int().nullable(),
  remoteIpPrefix: z.string().nullable(),
  remoteGroupId: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisionNumber: z.number().int(),
})
export type SecurityGroupRule = z.infer<typeof SecurityGroupRuleSchema>
