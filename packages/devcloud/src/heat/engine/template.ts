import { HeatError, invalidReference } from './errors'
import { canonicalVersion, conditionsAvailable, VERSION_LIST } from './versions'

export interface ResourceDefinition {
  name: string
  type: string
  properties: Record<string, unknown>
  metadata: unknown
  dependsOn: string[]
  /** A condition name or expression; undefined ⇒ always. */
  condition: unknown
  deletionPolicy: string | undefined
}

export interface OutputDefinition {
  name: string
  value: unknown
  description: string | undefined
  condition: unknown
}

/** A HOT template, checked for structure (not yet for references or values). */
export interface Template {
  version: string
  description: string | undefined
  parameters: Record<string, Record<string, unknown>>
  parameterGroups: unknown
  resources: ResourceDefinition[]
  outputs: OutputDefinition[]
  conditions: Record<string, unknown>
}

const SECTIONS = new Set([
  'heat_template_version',
  'description',
  'parameter_groups',
  'parameters',
  'resources',
  'outputs',
  'conditions',
])
const RESOURCE_KEYS = new Set([
  'type',
  'properties',
  'metadata',
  'depends_on',
  'deletion_policy',
  'update_policy',
  'condition',
  'external_id',
])

const bad = (message: string, type = 'StackValidationFailed') => new HeatError(type, message)
const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

const section = (raw: Record<string, unknown>, key: string): Record<string, unknown> => {
  const value = raw[key]
  if (value === undefined || value === null) return {}
  if (!isMap(value)) throw bad(`The template section is invalid: ${key}`)
  return value
}

const resourceDefinition = (name: string, raw: unknown): ResourceDefinition => {
  if (!isMap(raw)) throw bad(`"${name}" is not a valid resource definition`)
  for (const key of Object.keys(raw)) {
    if (!RESOURCE_KEYS.has(key))
      throw bad(`"${key}" is not a valid keyword inside a resource definition`)
  }
  if (typeof raw.type !== 'string' || raw.type === '')
    throw bad('Each resource must contain a type key.')
  const deps = raw.depends_on
  const dependsOn =
    deps === undefined || deps === null
      ? []
      : Array.isArray(deps)
        ? deps.map(String)
        : [String(deps)]
  const properties = raw.properties ?? {}
  if (!isMap(properties)) throw bad(`"properties" must be a map in resource ${name}`)
  return {
    name,
    type: raw.type,
    properties,
    metadata: raw.metadata,
    dependsOn,
    condition: raw.condition,
    deletionPolicy: typeof raw.deletion_policy === 'string' ? raw.deletion_policy : undefined,
  }
}

/** Checks a template's version, sections and resource/output shapes, like Heat's parser. */
export const parseTemplate = (raw: Record<string, unknown>): Template => {
  const given = raw.heat_template_version
  if (given === undefined) {
    throw bad(
      'The template version is invalid: Template version was not provided',
      'InvalidTemplateVersion'
    )
  }
  const version = canonicalVersion(String(given))
  if (version === undefined) {
    throw bad(
      `The template version is invalid: "heat_template_version: ${String(given)}". "heat_template_version" should be one of: ${VERSION_LIST}`,
      'InvalidTemplateVersion'
    )
  }
  for (const key of Object.keys(raw)) {
    if (!SECTIONS.has(key) || (key === 'conditions' && !conditionsAvailable(version))) {
      throw bad(`The template section is invalid: ${key}`)
    }
  }
  const resources = Object.entries(section(raw, 'resources')).map(([n, r]) =>
    resourceDefinition(n, r)
  )
  const names = new Set(resources.map((r) => r.name))
  for (const r of resources) {
    for (const dep of r.dependsOn) if (!names.has(dep)) throw invalidReference(dep, r.name)
  }
  const outputs = Object.entries(section(raw, 'outputs')).map(([name, o]): OutputDefinition => {
    if (!isMap(o) || !('value' in o)) {
      throw bad(
        `Output validation error: : outputs.${name}: : Each output definition must contain a value key.`
      )
    }
    return {
      name,
      value: o.value,
      description: typeof o.description === 'string' ? o.description : undefined,
      condition: o.condition,
    }
  })
  const parameters = Object.fromEntries(
    Object.entries(section(raw, 'parameters')).map(([k, v]) => {
      if (!isMap(v)) throw bad(`Invalid parameter schema for ${k}`, 'InvalidSchemaError')
      return [k, v]
    })
  )
  return {
    version,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    parameters,
    parameterGroups: raw.parameter_groups,
    resources,
    outputs,
    conditions: section(raw, 'conditions'),
  }
}
