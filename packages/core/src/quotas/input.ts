import * as z from 'zod/mini'
import { QuotaResource } from './model'

const limit = z.int().check(z.gte(0))

/**
 * POST /v1/quotas: Magnum's Quota object as a body. `resource` defaults to Cluster and
 * `hard_limit` to 1, as wsme's attribute defaults do.
 */
export const QuotaCreateInputSchema = z.object({
  project_id: z.string().check(z.minLength(1), z.maxLength(255)),
  resource: z._default(QuotaResource, 'Cluster'),
  hard_limit: z._default(limit, 1),
})
export type QuotaCreateInput = z.infer<typeof QuotaCreateInputSchema>

/**
 * PATCH /v1/quotas/{project_id}/{resource}: not a JSON-Patch but a Quota object. The path
 * names the row; `project_id` and `resource` in the body are accepted (magnumclient sends them)
 * and ignored. A body without `hard_limit` sets it to the attribute's default, 1, as Magnum does.
 */
export const QuotaPatchInputSchema = z.object({
  project_id: z.nullish(z.string().check(z.maxLength(255))),
  resource: z.nullish(z.string()),
  hard_limit: z._default(limit, 1),
})
export type QuotaPatchInput = z.infer<typeof QuotaPatchInputSchema>

/** Attributes a client may echo back from a GET; never written from a body. */
export const QUOTA_READ_ONLY = ['id', 'created_at', 'updated_at'] as const
