import * as z from 'zod'
import { QuotaResource } from './model'

const limit = z.number().int().min(0)

/**
 * POST /v1/quotas: Magnum's Quota object as a body. `resource` defaults to Cluster and
 * `hard_limit` to 1, as wsme's attribute defaults do.
 */
export const QuotaCreateInputSchema = z.object({
  project_id: z.string().min(1).max(255),
  resource: QuotaResource.default('Cluster'),
  hard_limit: limit.default(1),
})
export type QuotaCreateInput = z.infer<typeof QuotaCreateInputSchema>

/**
 * PATCH /v1/quotas/{project_id}/{resource}: not a JSON-Patch but a Quota object. The path
 * names the row; `project_id` and `resource` in the body are accepted (magnumclient sends them)
 * and ignored. A body without `hard_limit` sets it to the attribute's default, 1, as Magnum does.
 */
export const QuotaPatchInputSchema = z.object({
  project_id: z.string().max(255).nullish(),
  resource: z.string().nullish(),
  hard_limit: limit.default(1),
})
export type QuotaPatchInput = z.infer<typeof QuotaPatchInputSchema>

/** Attributes a client may echo back from a GET; never written from a body. */
export const QUOTA_READ_ONLY = ['id', 'created_at', 'updated_at'] as const
