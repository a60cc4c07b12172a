import { z } from 'zod'

/** The services a fault can target, named by their catalog type. */
export const FAULT_SERVICES = [
  'identity',
  'image',
  'compute',
  'network',
  'orchestration',
  'load-balancer',
  'volumev3',
] as const
export type FaultService = (typeof FAULT_SERVICES)[number]

export const STACK_ACTIONS = ['CREATE', 'UPDATE', 'DELETE', 'ROLLBACK'] as const

const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s)
      return true
    } catch {
      return false
    }
  },
  { message: 'not a valid regular expression' }
)

/**
 * A fault on the HTTP API: requests matching service, method and path (a regular expression
 * searched in the path below the service's prefix, e.g. `/v2.1/servers`) are delayed, answered
 * with an error status in the service's own format, or never answered.
 */
export const HttpFaultSchema = z
  .object({
    kind: z.literal('http'),
    service: z.enum(FAULT_SERVICES).optional(),
    method: z.string().optional(),
    path: regex.optional(),
    status: z.number().int().min(400).max(599).optional(),
    message: z.string().optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** Never answer: the client's own timeout ends the request. */
    hang: z.boolean().optional(),
    /** Only the next N matching requests; absent ⇒ every one. */
    times: z.number().int().positive().optional(),
    /** Each matching request is affected with this probability. */
    fraction: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((f) => f.status !== undefined || f.latencyMs !== undefined || f.hang === true, {
    message: 'an http fault needs status, latencyMs or hang',
  })

/**
 * Stacks whose name matches never leave *_IN_PROGRESS (for the listed actions; default all).
 * With `resource`, the stack runs until that resource (at any depth) is under way, which then
 * never finishes: a cloud call that never returns (a router's delete on a hung Neutron).
 */
export const StuckStackFaultSchema = z
  .object({
    kind: z.literal('stuck-stack'),
    stackName: regex,
    actions: z.array(z.enum(STACK_ACTIONS)).optional(),
    resource: z.string().min(1).optional(),
  })
  .strict()

/** A named resource (at any nesting depth) fails with the given reason instead of completing. */
export const FailResourceFaultSchema = z
  .object({
    kind: z.literal('fail-resource'),
    /** Matched against the root stack's name; absent ⇒ any stack. */
    stackName: regex.optional(),
    resource: z.string(),
    reason: z.string(),
    /** The exception name Heat prefixes the reason with; default `ResourceFailure`. */
    errorType: z.string().optional(),
    actions: z.array(z.enum(STACK_ACTIONS)).optional(),
  })
  .strict()

/** Nova's scheduler finds no host: new servers go to ERROR (for these flavors, or all). */
export const NoValidHostFaultSchema = z
  .object({
    kind: z.literal('no-valid-host'),
    /** Flavor names or ids; absent ⇒ every flavor. */
    flavors: z.array(z.string()).optional(),
  })
  .strict()

/**
 * "The cloud is down": Keystone answers 503, and every other service too (its token checks
 * cannot reach Keystone).
 */
export const CloudDownFaultSchema = z.object({ kind: z.literal('cloud-down') }).strict()

export const FaultSpecSchema = z.union([
  HttpFaultSchema,
  StuckStackFaultSchema,
  FailResourceFaultSchema,
  NoValidHostFaultSchema,
  CloudDownFaultSchema,
])
export type FaultSpec = z.infer<typeof FaultSpecSchema>
export type HttpFault = z.infer<typeof HttpFaultSchema>
export type StuckStackFault = z.infer<typeof StuckStackFaultSchema>
export type FailResourceFault = z.infer<typeof FailResourceFaultSchema>
export type NoValidHostFault = z.infer<typeof NoValidHostFaultSchema>

/** A fault in force: its spec, its id, and how many matching requests it has affected. */
export type Fault = FaultSpec & { id: string; hits: number }
