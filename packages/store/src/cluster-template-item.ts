import {
  type StoredClusterTemplate,
  StoredClusterTemplateSchema,
} from '@berth/core/cluster-templates/model'
import { CorruptItemError } from './errors'
import { clusterTemplateIndexKeys, clusterTemplateKey } from './keys'
import { ALL_KEY_ATTRIBUTES, TTL_ATTRIBUTE } from './table'

/** Item type marker, so a mixed Query or a stream consumer can tell items apart. */
export const CLUSTER_TEMPLATE_ENTITY = 'ClusterTemplate'

/** Store-owned attributes of a template item, besides the keys. */
export const TemplateAttr = {
  entity: 'entityType',
  /** Clusters using the template; maintained only by cluster transactions (cluster-template-refs.ts). */
  refCount: 'refCount',
  version: 'version',
} as const

const STORE_ONLY: ReadonlySet<string> = new Set([
  ...ALL_KEY_ATTRIBUTES,
  TTL_ATTRIBUTE,
  TemplateAttr.entity,
  TemplateAttr.refCount,
])

/** A complete new item: keys, index attributes, marker and zero references. */
export const toTemplateItem = (t: StoredClusterTemplate): Record<string, unknown> => ({
  ...clusterTemplateKey(t.project_id, t.uuid),
  ...clusterTemplateIndexKeys(t.project_id, t.uuid, t.public),
  [TemplateAttr.entity]: CLUSTER_TEMPLATE_ENTITY,
  [TemplateAttr.refCount]: 0,
  ...t,
})

/** The domain record of an item; a malformed item throws CorruptItemError rather than leaking. */
export const fromTemplateItem = (item: Record<string, unknown>): StoredClusterTemplate => {
  const what = `cluster template ${String(item.uuid ?? item.SK ?? '?')}`
  if (item[TemplateAttr.entity] !== CLUSTER_TEMPLATE_ENTITY) throw new CorruptItemError(what)
  const record = Object.fromEntries(Object.entries(item).filter(([k]) => !STORE_ONLY.has(k)))
  const parsed = StoredClusterTemplateSchema.safeParse(record)
  if (!parsed.success) throw new CorruptItemError(what, { cause: parsed.error })
  // The keys must say what the record says, or tenant scoping by key would be a lie.
  const key = clusterTemplateKey(parsed.data.project_id, parsed.data.uuid)
  if (item.PK !== key.PK || item.SK !== key.SK) throw new CorruptItemError(what)
  return parsed.data
}

/** References recorded on a template item; an item written before counting began has none. */
export const refCountOf = (item: Record<string, unknown> | undefined): number => {
  const n = item?.[TemplateAttr.refCount]
  return typeof n === 'number' ? n : 0
}
