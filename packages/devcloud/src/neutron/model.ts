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
