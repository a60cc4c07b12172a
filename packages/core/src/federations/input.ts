import * as z from 'zod/mini'
import { PropertyValue } from './model'

/** POST /v1/federations: Magnum's Federation object; uuid, project_id and status are the server's. */
export const FederationInputSchema = z.object({
  name: z.nullish(z.string().check(z.minLength(1), z.maxLength(255))),
  hostcluster_id: z.nullish(z.string()),
  member_ids: z.nullish(z.array(z.string())),
  properties: z.nullish(z.record(z.string(), PropertyValue)),
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
