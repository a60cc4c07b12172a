import type { Environment } from '../model'
import { HeatError } from './errors'
import { isMap } from './pyjson'
import { parseYaml } from './yaml'

const SECTIONS = [
  'parameters',
  'parameter_defaults',
  'resource_registry',
  'event_sinks',
  'encrypted_param_names',
  'parameter_merge_strategies',
]

export const emptyEnvironment = (): Environment => ({
  parameters: {},
  parameter_defaults: {},
  resource_registry: { resources: {} },
  event_sinks: [],
  encrypted_param_names: [],
})

/** The API's `environment` (a map, or YAML text) with every section present. */
export const normalizeEnvironment = (raw: unknown): Environment => {
  const value = typeof raw === 'string' ? parseYaml(raw) : raw
  if (value === undefined || value === null) return emptyEnvironment()
  if (!isMap(value))
    throw new HeatError('HTTPBadRequest', 'The environment is not a valid YAML mapping data type.')
  for (const key of Object.keys(value)) {
    if (!SECTIONS.includes(key))
      throw new HeatError('HTTPBadRequest', `environment has wrong section "${key}"`)
  }
  const section = (k: string) => (isMap(value[k]) ? (value[k] as Record<string, unknown>) : {})
  const registry = section('resource_registry')
  return {
    parameters: section('parameters'),
    parameter_defaults: section('parameter_defaults'),
    resource_registry: {
      ...registry,
      resources: isMap(registry.resources) ? registry.resources : {},
    },
    event_sinks: Array.isArray(value.event_sinks) ? value.event_sinks : [],
    encrypted_param_names: [],
  }
}

/** An existing-stack update (PATCH) layers the new environment over the old one. */
export const mergeEnvironment = (base: Environment, patch: Environment): Environment => ({
  parameters: { ...base.parameters, ...patch.parameters },
  parameter_defaults: { ...base.parameter_defaults, ...patch.parameter_defaults },
  resource_registry: {
    ...base.resource_registry,
    ...patch.resource_registry,
    resources: {
      ...(base.resource_registry.resources as Record<string, unknown>),
      ...(patch.resource_registry.resources as Record<string, unknown>),
    },
  },
  event_sinks: patch.event_sinks.length > 0 ? patch.event_sinks : base.event_sinks,
  encrypted_param_names: [],
})

export type TypeImpl =
  | { kind: 'builtin'; name: string }
  | { kind: 'template'; file: string; content: string; facade: string | undefined }

const looksLikeFile = (t: string) => /\.(ya?ml|template|json)$/.test(t) || t.includes('/')

/**
 * What a resource type means here: a built-in type, or a provider template from `files`
 * (directly, or through the environment's resource_registry, per resource or globally, with
 * `Prefix::*` wildcards). `avoid` are types already being provided, so a provider that uses
 * the type it stands in for gets the real one.
 */
export const resolveType = (
  type: string,
  resourceName: string,
  env: Environment,
  files: Record<string, string>,
  builtins: ReadonlySet<string>,
  avoid: readonly string[] = []
): TypeImpl => {
  const registry = env.resource_registry
  const perResource = isMap(registry.resources) ? registry.resources[resourceName] : undefined
  let current = type
  let facade: string | undefined
  for (let hops = 0; hops < 10; hops++) {
    let mapped: unknown
    if (isMap(perResource) && typeof perResource[current] === 'string')
      mapped = perResource[current]
    else if (!avoid.includes(current) && typeof registry[current] === 'string')
      mapped = registry[current]
    else {
      const wildcard = Object.keys(registry).find(
        (k) =>
          k.endsWith('*') && current.startsWith(k.slice(0, -1)) && typeof registry[k] === 'string'
      )
      if (wildcard && !avoid.includes(current)) {
        mapped = (registry[wildcard] as string).replace(/\*$/, current.slice(wildcard.length - 1))
      }
    }
    if (typeof mapped !== 'string' || mapped === current) break
    if (builtins.has(current)) facade ??= current
    current = mapped
  }
  if (current in files)
    return { kind: 'template', file: current, content: files[current] as string, facade }
  if (builtins.has(current)) return { kind: 'builtin', name: current }
  if (looksLikeFile(current)) {
    throw new HeatError(
      'HTTPBadRequest',
      `Could not fetch remote template "${current}": Invalid URL scheme `
    )
  }
  throw new HeatError('StackValidationFailed', `The Resource Type (${current}) could not be found.`)
}
