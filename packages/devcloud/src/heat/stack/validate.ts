import type { Actor } from '../../actor'
import type { DevCloud } from '../../context'
import { CloudError } from '../../http'
import { resolveType, type TypeImpl } from '../engine/environment'
import { HeatError, invalidReference, propertyError } from '../engine/errors'
import { type FunctionContext, hasUnresolved, resolve, UNRESOLVED } from '../engine/functions'
import {
  checkDefaults,
  type ParamSchema,
  parseParamSchemas,
  resolveParameters,
} from '../engine/parameters'
import { isMap } from '../engine/pyjson'
import { parseTemplate, type Template } from '../engine/template'
import { templateObject } from '../engine/yaml'
import type { Definition } from '../model'
import { BUILTIN_TYPES, RESOURCE_TYPES } from '../resources/index'
import { customConstraint } from '../resources/lookup'
import { checkProperties } from '../resources/properties'
import { listParameter } from '../resources/template-resource'
import { knownAttributes } from './attributes'
import {
  dependencies,
  evaluateConditions,
  findCycle,
  holds,
  pseudoParameters,
  resolveProperties,
} from './compile'
import { checkFacade, providerProperties } from './facade'

export interface ValidateOptions {
  /** Create/update: values, types and required properties too; /validate is lenient. */
  strict: boolean
  /** Built-in types being provided by templates further up (a provider using its own type). */
  avoid?: string[]
}

export interface Validated {
  template: Template
  schemas: ParamSchema[]
  params: Record<string, unknown>
}

/** Parameter values for validation: given values that need resources stay unresolved. */
const parameterValues = (
  cloud: DevCloud,
  actor: Actor,
  schemas: ParamSchema[],
  def: Definition,
  strict: boolean
) => {
  const env = def.environment
  const unresolved = Object.keys(env.parameters).filter((k) => hasUnresolved(env.parameters[k]))
  const given = Object.fromEntries(
    Object.entries(env.parameters).filter(([k]) => !unresolved.includes(k))
  )
  const relaxed = schemas.map((s) =>
    unresolved.includes(s.name) || !strict
      ? {
          ...s,
          hasDefault: true,
          default: s.default ?? null,
          constraints: strict ? s.constraints : [],
        }
      : s
  )
  let values: Record<string, unknown>
  if (strict)
    values = resolveParameters(
      relaxed,
      given,
      env.parameter_defaults,
      customConstraint(cloud, actor)
    )
  else {
    for (const key of Object.keys(given)) {
      if (!schemas.some((s) => s.name === key)) {
        throw new HeatError(
          'UnknownUserParameter',
          `The Parameter (${key}) was not defined in template.`
        )
      }
    }
    values = Object.fromEntries(
      schemas.map((s) => [s.name, s.name in given ? given[s.name] : (s.default ?? UNRESOLVED)])
    )
  }
  for (const name of unresolved) values[name] = UNRESOLVED
  return values
}

const implementations = (template: Template, def: Definition, avoid: string[]) =>
  new Map<string, () => TypeImpl>(
    template.resources.map((r) => [
      r.name,
      () => resolveType(r.type, r.name, def.environment, def.files, BUILTIN_TYPES, avoid),
    ])
  )

/** Checks a stack definition as Heat does before creating or updating (or for /validate). */
export const validateDefinition = (
  cloud: DevCloud,
  actor: Actor,
  def: Definition,
  options: ValidateOptions
): Validated => {
  const template = parseTemplate(def.template)
  const schemas = parseParamSchemas(template.parameters)
  checkDefaults(schemas)
  const params: Record<string, unknown> = {
    ...parameterValues(cloud, actor, schemas, def, options.strict),
    ...pseudoParameters({ id: '', name: '', projectId: actor.projectId }),
  }
  const names = new Set(template.resources.map((r) => r.name))
  const impls = implementations(template, def, options.avoid ?? [])
  const ctx: Omit<FunctionContext, 'condition'> = {
    version: template.version,
    validating: true,
    lenient: !options.strict,
    param(name) {
      if (name in params) return params[name]
      if (options.strict)
        throw new HeatError('UserParameterMissing', `The Parameter (${name}) was not provided.`)
      return UNRESOLVED
    },
    ref(resource, where) {
      if (!names.has(resource)) throw invalidReference(resource, where.ref)
      return UNRESOLVED
    },
    attr(resource, attribute, _path, where) {
      if (!names.has(resource)) throw invalidReference(resource, where.ref)
      const known = knownAttributes(impls.get(resource)?.() ?? { kind: 'builtin', name: '' })
      if (known !== 'any' && !known.includes(attribute)) {
        throw new HeatError(
          'StackValidationFailed',
          `${where.path}.get_attr: : The Referenced Attribute (${resource} ${attribute}) is incorrect.`
        )
      }
      return UNRESOLVED
    },
    file: (name) => def.files[name],
  }
  const conditions = evaluateConditions(template, ctx)
  const active = template.resources.filter((r) =>
    holds(r.condition, conditions, ctx, `resources.${r.name}.condition`)
  )
  const deps = dependencies(active, template.version, () => [])
  if (findCycle(deps)) throw new CloudError(500, '', 'RemoteError')
  for (const r of active) {
    const impl = (impls.get(r.name) as () => TypeImpl)()
    const props = resolveProperties(r, { ...ctx, condition: (n) => conditions[n] ?? false })
    checkResource(cloud, actor, def, r.name, impl, props, options)
  }
  // Outputs must refer to resources that exist; a wrong attribute only shows as output_error.
  const outputCtx: FunctionContext = {
    ...ctx,
    attr: (resource, _attribute, _path, where) => ctx.ref(resource, where),
    condition: (n) => conditions[n] ?? false,
  }
  for (const o of template.outputs) {
    resolve(o.value, outputCtx, { path: `outputs.${o.name}.value`, ref: 'unknown' })
  }
  return { template, schemas, params }
}

const checkResource = (
  cloud: DevCloud,
  actor: Actor,
  def: Definition,
  name: string,
  impl: TypeImpl,
  props: Record<string, unknown>,
  options: ValidateOptions
): void => {
  if (impl.kind === 'builtin') {
    const type = RESOURCE_TYPES[impl.name]
    if (!type) return
    if (!options.strict) {
      if (type.properties !== 'any') {
        for (const key of Object.keys(props)) {
          if (!(key in type.properties))
            throw new HeatError(
              'StackValidationFailed',
              `Property error: : resources.${name}.properties: : Unknown Property ${key}`
            )
        }
      }
      return
    }
    const checked = checkProperties(name, type.properties, props)
    if (impl.name === 'OS::Heat::ResourceGroup')
      checkGroupMember(cloud, actor, def, checked, options)
    return
  }
  const nested = parseTemplate(templateObject(impl.content, name))
  const schemas = parseParamSchemas(nested.parameters)
  const known = checkProperties(name, providerProperties(schemas), props)
  if (impl.facade !== undefined)
    checkFacade(
      impl.facade,
      schemas,
      nested.outputs.map((o) => o.name)
    )
  if (!options.strict) return
  const given = Object.fromEntries(
    Object.entries(known)
      .filter(([k, v]) => v !== undefined && v !== null && k in props)
      .map(([k, v]) => [k, Array.isArray(v) && v.some(isMap) ? listParameter(v) : v])
  )
  const avoid =
    impl.facade === undefined ? (options.avoid ?? []) : [...(options.avoid ?? []), impl.facade]
  validateDefinition(
    cloud,
    actor,
    {
      ...def,
      template: templateObject(impl.content, name),
      environment: { ...def.environment, parameters: given },
    },
    { ...options, avoid }
  )
}

/** A group's member is validated as if it were index 0. */
const checkGroupMember = (
  cloud: DevCloud,
  actor: Actor,
  def: Definition,
  props: Record<string, unknown>,
  options: ValidateOptions
) => {
  const member = props.resource_def as { type?: unknown; properties?: unknown } | undefined
  if (!member || typeof member.type !== 'string' || hasUnresolved(member)) return
  const impl = resolveType(
    member.type,
    '0',
    def.environment,
    def.files,
    BUILTIN_TYPES,
    options.avoid ?? []
  )
  const variable = String(props.index_var ?? '%index%')
  const properties = JSON.parse(
    JSON.stringify(member.properties ?? {})
      .split(variable)
      .join('0')
  )
  try {
    checkResource(cloud, actor, def, '0', impl, properties, options)
  } catch (err) {
    // Heat reports a member's property errors without the group's path.
    if (err instanceof HeatError) throw err
    throw propertyError('0', undefined, String(err))
  }
}
