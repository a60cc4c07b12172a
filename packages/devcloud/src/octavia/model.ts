import { z } from 'zod'

export const ProvisioningStatusSchema = z.enum([
  'ACTIVE',
  'PENDING_CREATE',
  'PENDING_UPDATE',
  'PENDING_DELETE',
  'ERROR',
])
export type ProvisioningStatus = z.infer<typeof ProvisioningStatusSchema>

/** What every Octavia object has: ownership, provisioning (with when it settles) and stamps. */
const Common = {
  id: z.string(),
  name: z.string(),
  description: z.string(),
  projectId: z.string(),
  adminStateUp: z.boolean(),
  provisioningStatus: ProvisioningStatusSchema,
  /** When the current PENDING_* status ends (ACTIVE, or gone for PENDING_DELETE). */
  pendingUntil: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
}

export const LoadBalancerSchema = z.object({
  ...Common,
  vipSubnetId: z.string(),
  vipNetworkId: z.string(),
  vipPortId: z.string(),
  vipAddress: z.string(),
  /** Whether Octavia created the VIP port (and so deletes it). */
  ownsVipPort: z.boolean(),
  provider: z.string(),
  flavorId: z.string().nullable(),
  availabilityZone: z.string().nullable(),
})
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>

export const ListenerSchema = z.object({
  ...Common,
  loadbalancerId: z.string(),
  protocol: z.string(),
  protocolPort: z.number().int(),
  connectionLimit: z.number().int(),
  defaultPoolId: z.string().nullable(),
  allowedCidrs: z.array(z.string()).nullable(),
  timeoutClientData: z.number().int(),
  timeoutMemberData: z.number().int(),
})
export type Listener = z.infer<typeof ListenerSchema>

export const PoolSchema = z.object({
  ...Common,
  loadbalancerId: z.string(),
  listenerId: z.string().nullable(),
  protocol: z.string(),
  lbAlgorithm: z.string(),
  sessionPersistence: z.record(z.string(), z.unknown()).nullable(),
})
export type Pool = z.infer<typeof PoolSchema>

export const MemberSchema = z.object({
  ...Common,
  poolId: z.string(),
  address: z.string(),
  protocolPort: z.number().int(),
  subnetId: z.string().nullable(),
  weight: z.number().int(),
  backup: z.boolean(),
  monitorAddress: z.string().nullable(),
  monitorPort: z.number().int().nullable(),
})
export type Member = z.infer<typeof MemberSchema>

export const HealthMonitorSchema = z.object({
  ...Common,
  poolId: z.string(),
  type: z.string(),
  delay: z.number().int(),
  timeout: z.number().int(),
  maxRetries: z.number().int(),
  maxRetriesDown: z.number().int(),
  httpMethod: z.string().nullable(),
  urlPath: z.string().nullable(),
  expectedCodes: z.string().nullable(),
})
export type HealthMonitor = z.infer<typeof HealthMonitorSchema>
