import type { StoredClusterTemplate } from '@berth/core/cluster-templates'
import { resourceLinks } from './links'
import { magnumTime } from './time'

/** A template as Magnum renders it: every field, plus links; the store's version stays inside. */
export const renderClusterTemplate = (
  t: StoredClusterTemplate,
  baseUrl: string,
  collection: 'clustertemplates' | 'baymodels'
): Record<string, unknown> => {
  const { version: _version, driver, ...fields } = t
  return {
    ...fields,
    created_at: magnumTime(t.created_at),
    updated_at: magnumTime(t.updated_at),
    // Magnum Zed's baymodels predate the `driver` field; keep their shape.
    ...(collection === 'clustertemplates' ? { driver } : {}),
    links: resourceLinks(baseUrl, collection, t.uuid),
  }
}
