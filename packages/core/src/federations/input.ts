import * as z from 'zod'
import { PropertyValue } from './model'

/** POST /v1/federations: Magnum's Federation object; uuid, project_id and status are the server's. */
export const FederationInputSchema = z.object({
  name: z.string().min(1).max(255).nullish(),
  hostcluster_id: z.string().nullish(),
  member_ids: z.array(z.string()).nullish(),
  properties: z.record(z.string(), PropertyValue).nullish(),
})
export type FederationInput = z.infer<typeof FederationInputSchema>

/** Attributes a client may echo back from a GET. */
export const FEDERATION_READ_ONLY = [
  'uuid',
  'project_id',
  'status',
  'status_reason',
  'links',
  'created_at',
  'updated_at',
] as const
