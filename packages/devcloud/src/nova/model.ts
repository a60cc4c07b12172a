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
