import * as z from 'zod/mini'

/**
 * Resources with quotas. Magnum's Quota API knows only `Cluster` (clusters per project);
 * Berth adds `Node` (nodes of all the project's clusters, masters included) and `VCPU` (those
 * nodes' flavors' vCPUs; the name is Placement's resource class for them).
 */
export const QUOTA_RESOURCES = ['Cluster', 'Node', 'VCPU'] as const
export const QuotaResource = z.enum(QUOTA_RESOURCES)
export type QuotaResource = z.infer<typeof QuotaResource>

/** One project's hard limit on one resource (Magnum's Quota object). */
export const QuotaSchema = z.object({
  /** Magnum renders the integer row id and pages quota lists by it, so the store allocates one. */
  id: z.int().check(z.gte(1)),
  project_id: z.string().check(z.minLength(1)),
  resource: QuotaResource,
  hard_limit: z.int().check(z.gte(0)),
  created_at: z.string(),
  updated_at: z.nullable(z.string()),
})
export type Quota = z.infer<typeof QuotaSchema>

export const StoredQuotaSchema = z.extend(QuotaSchema, { version: z.int().check(z.gte(1)) })
/** A stored quota with its optimistic-concurrency version. */
export type StoredQuota = z.infer<typeof StoredQuotaSchema>
