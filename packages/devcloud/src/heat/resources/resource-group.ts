import { isMap } from '../engine/pyjson'
import {
  childDefinition,
  childDeleted,
  childOf,
  childProgress,
  deleteChild,
  startChild,
  updateChild,
} from './nested'
import type { ResourceRuntime, ResourceType } from './types'

const TEMPLATE_VERSION = '2015-04-30'

/** Replaces the index variable in every string of a member definition. */
const withIndex = (value: unknown, variable: string, index: string): unknown => {
  if (typeof value === 'string') return value.split(variable).join(index)
  if (Array.isArray(value)) return value.map((v) => withIndex(v, variable, index))
  if (isMap(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withIndex(v, variable, index)])
    )
  return value
}

/** Member names: the first `count` of 0, 1, 2… that removal policies have not retired. */
export const memberNames = (count: number, blacklist: readonly string[]): string[] => {
  const names: string[] = []
  for (let i = 0; names.length < count; i++)
    if (!blacklist.includes(String(i))) names.push(String(i))
  return names
}

const currentMembers = (rt: ResourceRuntime) => childOf(rt)?.resources.map((r) => r) ?? []

/**
 * The names removal policies retire: members named in a resource_list, by name or by their
 * reference (physical id). With mode `update` the earlier list is forgotten.
 */
export const nextBlacklist = (rt: ResourceRuntime, props: Record<string, unknown>): string[] => {
  const previous = (rt.resource.data.blacklist ?? []) as string[]
  const base = props.removal_policies_mode === 'update' ? [] : previous
  const members = currentMembers(rt)
  const found = new Set(base)
  for (const policy of (props.removal_policies ?? []) as Record<string, unknown>[]) {
    for (const entry of (policy.resource_list ?? []) as unknown[]) {
      const key = String(entry)
      if (
        previous.includes(key) ||
        rt.resource.nestedStackId === null ||
        members.some((m) => m.name === key)
      ) {
        found.add(key)
        continue
      }
      const byRef = members.find((m) => m.physicalId === key)
      if (byRef) found.add(byRef.name)
    }
  }
  return [...found].sort((a, b) => Number(a) - Number(b))
}

const groupTemplate = (props: Record<string, unknown>, blacklist: string[]) => {
  const def = (props.resource_def ?? {}) as Record<string, unknown>
  const variable = String(props.index_var ?? '%index%')
  const resources: Record<string, unknown> = {}
  for (const name of memberNames(Number(props.count ?? 1), blacklist)) {
    const member: Record<string, unknown> = {
      type: def.type,
      properties: withIndex(def.properties ?? {}, variable, name),
    }
    if (def.metadata !== undefined) member.metadata = withIndex(def.metadata, variable, name)
    resources[name] = member
  }
  return { heat_template_version: TEMPLATE_VERSION, resources }
}

const ordered = (rt: ResourceRuntime) =>
  [...currentMembers(rt)].sort((a, b) => Number(a.name) - Number(b.name))

export const ResourceGroup: ResourceType = {
  properties: {
    count: { type: 'integer', default: 1, updatable: true },
    index_var: { type: 'string', default: '%index%', updatable: true },
    resource_def: {
      type: 'map',
      required: true,
      updatable: true,
      schema: {
        type: { type: 'string', required: true },
        properties: { type: 'map' },
        metadata: { type: 'map' },
      },
    },
    removal_policies: {
      type: 'list',
      default: [],
      updatable: true,
      items: { type: 'map', schema: { resource_list: { type: 'list', default: [] } } },
    },
    removal_policies_mode: {
      type: 'string',
      default: 'append',
      allowed: ['append', 'update'],
      updatable: true,
    },
    rolling_update: { type: 'map' },
    batch_create: { type: 'map' },
  },
  attributes: 'any',
  create(rt, props) {
    const blacklist = nextBlacklist(rt, props)
    rt.resource.data.blacklist = blacklist
    startChild(rt, childDefinition(rt, groupTemplate(props, blacklist), {}))
    return { state: 'done' }
  },
  checkCreate: childProgress,
  update(rt, props) {
    const blacklist = nextBlacklist(rt, props)
    rt.resource.data.blacklist = blacklist
    updateChild(rt, childDefinition(rt, groupTemplate(props, blacklist), {}))
    return { state: 'done' }
  },
  checkUpdate: childProgress,
  delete: deleteChild,
  checkDelete: childDeleted,
  attribute: (rt, name) => ResourceGroup.attributeAt?.(rt, name, []),
  attributeAt(rt, name, path) {
    const child = childOf(rt)
    if (!child) return null
    const members = ordered(rt)
    const ref = (m: string) => rt.nested.reference(child, m)
    if (name === 'refs') return members.map((m) => ref(m.name))
    if (name === 'refs_map') return Object.fromEntries(members.map((m) => [m.name, ref(m.name)]))
    if (name === 'removed_rsrc_list') return rt.resource.data.blacklist ?? []
    if (name === 'attributes') {
      const [attr, ...rest] = path
      return Object.fromEntries(
        members.map((m) => [m.name, rt.nested.attribute(child, m.name, String(attr), rest)])
      )
    }
    // `resource.<n>` (then the attribute as the next path item) or `resource.<n>.<attribute>`.
    const member = /^resource\.(\d+)(?:\.(.+))?$/.exec(name)
    if (member) {
      const [attr, ...rest] = member[2] === undefined ? path : [member[2], ...path]
      return attr === undefined
        ? ref(member[1] as string)
        : rt.nested.attribute(child, member[1] as string, String(attr), rest)
    }
    return members.map((m) => rt.nested.attribute(child, m.name, name, path))
  },
}
