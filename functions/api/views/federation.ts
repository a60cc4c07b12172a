import type { StoredFederation } from '@berth/core/federations'
import { resourceLinks } from './links'
import { magnumTime } from './time'

/** A federation in full (GET one, /detail). */
export const renderFederation = (
  f: StoredFederation,
  baseUrl: string
): Record<string, unknown> => ({
  uuid: f.uuid,
  name: f.name,
  project_id: f.project_id,
  hostcluster_id: f.hostcluster_id,
  member_ids: f.member_ids,
  status: f.status,
  status_reason: f.status_reason,
  properties: f.properties,
  links: resourceLinks(baseUrl, 'federations', f.uuid),
  created_at: magnumTime(f.created_at),
  updated_at: magnumTime(f.updated_at),
})

/** A federation in a list: Magnum's summary fields and links. */
export const renderFederationSummary = (
  f: StoredFederation,
  baseUrl: string
): Record<string, unknown> => ({
  uuid: f.uuid,
  name: f.name,
  hostcluster_id: f.hostcluster_id,
  member_ids: f.member_ids,
  status: f.status,
  properties: f.properties,
  links: resourceLinks(baseUrl, 'federations', f.uuid),
})
