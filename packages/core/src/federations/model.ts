import * as z from 'zod'

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
export const PropertyValue = z.union([z.string(), z.number().int()])

/**
 * A federation: a host cluster, member clusters and properties (`dns-zone` at least). Magnum
 * served this API but its conductor never implemented federations; Berth keeps the record and
 * deploys nothing (see the README).
 */
export const FederationSchema = z.object({
  uuid: z.string().uuid(),
  name: z.string().min(1).max(255),
  project_id: z.string(),
  hostcluster_id: z.string(),
  member_ids: z.array(z.string()),
  status: FederationStatus,
  status_reason: z.string().nullable(),
  properties: z.record(z.string(), PropertyValue),
  created_at: z.string(),
  updated_at: z.string().nullable(),
})
export type Federation = z.infer<typeof FederationSchema>

export const StoredFederationSchema = FederationSchema.extend({
  version: z.number().int().min(1),
})
export type StoredFederation = z.infer<typeof StoredFederationSchema>

/** Why every federation reads *_COMPLETE at once: there is no backend to wait for. */
export const RECORD_ONLY_REASON =
  'Berth keeps federations as records only; no federation control plane is deployed.'
