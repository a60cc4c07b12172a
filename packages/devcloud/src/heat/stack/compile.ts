import { HeatError, propertyError } from '../engine/errors'
import { evaluateCondition, type FunctionContext, references, resolve } from '../engine/functions'
import { type ParamSchema, parseParamSchemas, resolveParameters } from '../engine/parameters'
import { parseTemplate, type ResourceDefinition, type Template } from '../engine/template'
import type { Definition, Stack } from '../model'

/** A stack's definition made usable: template, parameter values, conditions, live resources. */
export interface Compiled {
  template: Template
  schemas: ParamSchema[]
  params: Record<string, unknown>
  conditions: Record<string, boolean>
  /** Resources whose condition holds, in template order. */
  resources: ResourceDefinition[]
}

export const pseudoParameters = (stack: Pick<Stack, 'id' | 'name' | 'projectId'>) => ({
  'OS::stack_id': stack.id,
  'OS::stack_name': stack.name,
  'OS::project_id': stack.projectId,
})

/** Evaluates the `conditions` section; names may refer to each other. */
export const evaluateConditions = (
  template: Template,
  base: Omit<FunctionContext, 'condition'>
): Record<string, boolean> => {
  const values: Record<string, boolean> = {}
  const visiting = new Set<string>()
  const ctx: FunctionContext = {
    ...base,
    condition(name) {
      if (name in values) return values[name] as boolean
      if (!(name in template.conditions) || visiting.has(name)) {
        throw new HeatError('StackValidationFailed', `Invalid condition "${name}"`)
      }
      visiting.add(name)
      values[name] = evaluateCondition(template.conditions[name], ctx, {
        path: `conditions.${name}`,
        ref: `conditions.${name}`,
      })
      return values[name]
    },
  }
  for (const name of Object.keys(template.conditions)) ctx.condition(name)
  return values
}

/** Whether a resource (or output) is in force, given its `condition`. */
export const holds = (
  condition: unknown,
  conditions: Record<string, boolean>,
  base: Omit<FunctionContext, 'condition'>,
  where: string
) => {
  if (condition === undefined || condition === null) return true
  const ctx: FunctionContext = {
    ...base,
    condition(name) {
      if (!(name in conditions))
        throw new HeatError('StackValidationFailed', `${where}: : Invalid condition "${name}"`)
      return conditions[name] as boolean
    },
  }
  return evaluateCondition(condition, ctx, { path: where, ref: where })
}

const cache = new WeakMap<Definition, Compiled>()

/** A running stack's compiled definition (its parameters were validated when it started). */
export const compile = (stack: Stack): Compiled => {
  const hit = cache.get(stack.definition)
  if (hit) return hit
  const template = parseTemplate(stack.definition.template)
  const schemas = parseParamSchemas(template.parameters)
  const env = stack.definition.environment
  const params = {
    ...resolveParameters(schemas, env.parameters, env.parameter_defaults, () => undefined),
    ...pseudoParameters(stack),
  }
  const base = staticContext(template.version, params, stack.definition.files)
  const conditions = evaluateConditions(template, base)
  const resources = template.resources.filter((r) =>
    holds(r.condition, conditions, base, `resources.${r.name}.condition`)
  )
  const compiled = { template, schemas, params, conditions, resources }
  cache.set(stack.definition, compiled)
  return compiled
}

/** The parts of a function context that need no resources (conditions, parameters, files). */
export const staticContext = (
  version: string,
  params: Record<string, unknown>,
  files: Record<string, string>
): Omit<FunctionContext, 'condition'> => ({
  version,
  validating: false,
  param(name) {
    if (!(name in params))
      throw new HeatError('UserParameterMissing', `The Parameter (${name}) was not provided.`)
    return params[name]
  },
  ref(resource, where) {
    throw new HeatError(
      'InvalidTemplateReference',
      `The specified reference "${resource}" (in ${where.ref}) is incorrect.`
    )
  },
  attr(resource, _attribute, _path, where) {
    throw new HeatError(
      'InvalidTemplateReference',
      `The specified reference "${resource}" (in ${where.ref}) is incorrect.`
    )
  },
  file: (name) => files[name],
})

/**
 * What each resource depends on: depends_on, the resources its properties and metadata refer
 * to, and (where that makes no cycle) the types it implicitly waits for in the same stack.
 */
export const dependencies = (
  resources: ResourceDefinition[],
  version: string,
  implicitTypes: (r: ResourceDefinition) => readonly string[]
): Map<string, string[]> => {
  const names = new Set(resources.map((r) => r.name))
  const deps = new Map<string, string[]>()
  for (const r of resources) {
    const refs = references([r.properties, r.metadata], version)
    deps.set(
      r.name,
      [...new Set([...r.dependsOn, ...refs])].filter((n) => names.has(n) && n !== r.name)
    )
  }
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true
    if (seen.has(from)) return false
    seen.add(from)
    return (deps.get(from) ?? []).some((d) => reaches(d, to, seen))
  }
  for (const r of resources) {
    for (const other of resources) {
      if (other.name === r.name || !implicitTypes(r).includes(other.type)) continue
      const list = deps.get(r.name) as string[]
      if (!list.includes(other.name) && !reaches(other.name, r.name)) list.push(other.name)
    }
  }
  return deps
}

/** A cycle in the graph, if there is one. */
export const findCycle = (deps: Map<string, string[]>): string[] | undefined => {
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: string[] = []
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined
    if (state.get(n) === 'visiting') return [...stack.slice(stack.indexOf(n)), n]
    state.set(n, 'visiting')
    stack.push(n)
    for (const d of deps.get(n) ?? []) {
      const cycle = visit(d)
      if (cycle) return cycle
    }
    stack.pop()
    state.set(n, 'done')
    return undefined
  }
  for (const n of deps.keys()) {
    const cycle = visit(n)
    if (cycle) return cycle
  }
  return undefined
}

/**
 * A resource's properties with every function resolved. A missing parameter or file is a
 * property error of the property that asked for it, as Heat reports them.
 */
export const resolveProperties = (
  r: ResourceDefinition,
  ctx: FunctionContext
): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(r.properties).map(([key, value]) => {
      try {
        return [
          key,
          resolve(value, ctx, {
            path: `resources.${r.name}.properties.${key}`,
            ref: `${r.name}.Properties.${key}`,
          }),
        ]
      } catch (err) {
        if (
          err instanceof HeatError &&
          (err.heatType === 'UserParameterMissing' || err.message.startsWith('No content found'))
        ) {
          throw propertyError(r.name, key, err.message)
        }
        throw err
      }
    })
  )
