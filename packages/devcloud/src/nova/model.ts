import { z } from 'zod'

export const FlavorSchema = z.object({
  id: z.string(),
  name: z.string(),
  ramMb: z.number().int(),
  vcpus: z.number().int(),
  diskGb: z.number().int(),
  ephemeralGb: z.number().int(),
  swapMb: z.number().int(),
  rxtxFactor: z.number(),
  isPublic: z.boolean(),
  disabled: z.boolean(),
  description: z.string().nullable(),
  extraSpecs: z.record(z.string(), z.string()),
  /** Projects granted a private flavor (os-flavor-access). */
  accessProjectIds: z.array(z.string()),
})
export type Flavor = z.infer<typeof FlavorSchema>

export const KeypairSchema = z.object({
  /** Nova's integer primary key, shown by GET /os-keypairs/{name}. */
  id: z.number().int(),
  name: z.string(),
  userId: z.string(),
  type: z.enum(['ssh', 'x509']),
  publicKey: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
})
export type Keypair = z.infer<typeof KeypairSchema>

export const ServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  userId: z.string(),
  imageId: z.string(),
  flavorId: z.string(),
  keyName: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  /** Base64, as the API takes it. */
  userData: z.string().nullable(),
  securityGroups: z.array(z.string()),
  availabilityZone: z.string(),
  configDrive: z.boolean(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  /** Ports in attachment order; Nova deletes those it created itself with the server. */
  portIds: z.array(z.string()),
  ownedPortIds: z.array(z.string()),
  serverGroupId: z.string().nullable(),
  hostId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When the build ends, and how: ACTIVE, or ERROR with a fault (no valid host). */
  readyAt: z.string(),
  outcome: z.enum(['ACTIVE', 'ERROR']),
  fault: z.object({ code: z.number().int(), message: z.string() }).nullable(),
  /** Whether the build's end has been applied (ports released after an ERROR). */
  settled: z.boolean(),
})
export type Server = z.infer<typeof ServerSchema>

export const ServerGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  userId: z.string(),
  policy: z.string(),
  rules: z.record(z.string(), z.unknown()),
  members: z.array(z.string()),
  createdAt: z.string(),
})
export type ServerGroup = z.infer<typeof ServerGroupSchema>
