import * as z from 'zod/mini'

/** Magnum's FederationStatus values. */
export const FEDERATION_STATUSES = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_FAILED',
  'UPDATE_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'DELETE_COMPLETE',
] as const
export const FederationStatus = z.enum(FEDERATION_STATUSES)
export type FederationStatus = z.infer<typeof FederationStatus>

/** wsme's MultiType(text, int): what a federation property may hold. */
export const PropertyValue = z.union([z.string(), z.int()])

/**
 * A federation: a host cluster, member clusters and properties (`dns-zone` at least). Magnum
 * served this API but its conductor never implemented federations; Berth keeps the record and
 * deploys nothing (see the README).
 */
export const FederationSchema = z.object({
  uuid: z.uuid(),
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  project_id: z.string(),
  hostcluster_id: z.string(),
  member_ids: z.array(z.string()),
  status: FederationStatus,
  status_reason: z.nullable(z.string()),
  properties: z.record(z.string(), PropertyValue),
  created_at: z.string(),
  updated_at: z.nullable(z.string()),
})
export type Federation = z.infer<typeof FederationSchema>

export const StoredFederationSchema = z.extend(FederationSchema, {
  version: z.int().check(z.gte(1)),
})
export type StoredFederation = z.infer<typeof StoredFederationSchema>

/** Why every federation reads *_COMPLETE at once: there is no backend to wait for. */
export const RECORD_ONLY_REASON =
  'Berth keeps federations as records only; no federation control plane is deployed.'
