import type { Actor } from '../../actor'
import type { DevCloud } from '../../context'
import { resolveType, type TypeImpl } from '../engine/environment'
import { HeatError, invalidReference } from '../engine/errors'
import { type FunctionContext, select } from '../engine/functions'
import type { HeatResource, Stack } from '../model'
import { BUILTIN_TYPES, handlerFor } from '../resources/index'
import type { ResourceRuntime } from '../resources/types'
import { knownAttributes } from './attributes'
import { compile, staticContext } from './compile'
import { heatPath, physicalName } from './names'
import { nestedStacks } from './nested-stacks'

export const stackById = (cloud: DevCloud, id: string | null): Stack | undefined =>
  id === null ? undefined : cloud.state.data.stacks.find((s) => s.id === id)

export const rootOf = (cloud: DevCloud, stack: Stack): Stack =>
  stackById(cloud, stack.rootId) ?? stack

export const actorFor = (stack: Stack): Actor => ({
  projectId: stack.projectId,
  userId: stack.userId,
  admin: false,
})

/** Built-in types that templates further up stand in for: inside them, the real type. */
export const avoidedTypes = (cloud: DevCloud, stack: Stack): string[] => {
  const parent = stackById(cloud, stack.parentId)
  if (!parent || stack.parentResource === null) return []
  const above = avoidedTypes(cloud, parent)
  const resource = parent.resources.find((r) => r.name === stack.parentResource)
  if (!resource) return above
  const impl = implementationOf(cloud, parent, resource)
  return impl.kind === 'template' && impl.facade !== undefined ? [...above, impl.facade] : above
}

export const implementationOf = (
  cloud: DevCloud,
  stack: Stack,
  r: Pick<HeatResource, 'name' | 'type'>
): TypeImpl =>
  resolveType(
    r.type,
    r.name,
    stack.definition.environment,
    stack.definition.files,
    BUILTIN_TYPES,
    avoidedTypes(cloud, stack)
  )

/** Where a resource sits from the root stack: `resources.group.resources[0]`. */
export const pathOf = (cloud: DevCloud, stack: Stack, name: string): string => {
  const items = (s: Stack, n: string): string[] => {
    const parent = stackById(cloud, s.parentId)
    return parent && s.parentResource !== null
      ? [...items(parent, s.parentResource), 'resources', n]
      : ['resources', n]
  }
  return heatPath(items(stack, name))
}

export const runtimeFor = (
  cloud: DevCloud,
  stack: Stack,
  resource: HeatResource,
  now: Date
): ResourceRuntime => ({
  cloud,
  stack,
  resource,
  actor: actorFor(stack),
  now,
  physicalName: () => physicalName(stack.name, resource.name),
  nested: nestedStacks(cloud),
  implementation: implementationOf(cloud, stack, resource),
})

/**
 * Heat reads attributes of a resource once it has been acted on (whatever the outcome); the
 * type then answers null for what does not exist. Before that, and after a delete: null.
 */
const readable = (r: HeatResource) => ['CREATE', 'UPDATE', 'ROLLBACK'].includes(r.action)

export const referenceOf = (cloud: DevCloud, stack: Stack, r: HeatResource, now: Date): unknown => {
  if (r.physicalId === '') return r.name
  const rt = runtimeFor(cloud, stack, r, now)
  const handler = handlerFor(rt.implementation)
  return handler.reference ? handler.reference(rt) : r.physicalId
}

export const attributeOf = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  name: string,
  path: unknown[],
  now: Date
): unknown => {
  if (!readable(r)) return null
  const rt = runtimeFor(cloud, stack, r, now)
  const handler = handlerFor(rt.implementation)
  if (handler.attributeAt) return handler.attributeAt(rt, name, path) ?? null
  return select(handler.attribute(rt, name), path) ?? null
}

/** The function context of a running stack: parameters, files, conditions and live resources. */
export const functionContext = (cloud: DevCloud, stack: Stack, now: Date): FunctionContext => {
  const compiled = compile(stack)
  const base = staticContext(compiled.template.version, compiled.params, stack.definition.files)
  const inTemplate = (name: string, where: string) => {
    if (!compiled.template.resources.some((r) => r.name === name))
      throw invalidReference(name, where)
    return stack.resources.find((r) => r.name === name)
  }
  return {
    ...base,
    ref(name, where) {
      const r = inTemplate(name, where.ref)
      return r ? referenceOf(cloud, stack, r, now) : name
    },
    attr(name, attribute, path, where) {
      const r = inTemplate(name, where.ref)
      if (!r) return null
      const known = knownAttributes(implementationOf(cloud, stack, r))
      if (known !== 'any' && !known.includes(attribute)) {
        throw new HeatError(
          'InvalidTemplateAttribute',
          `The Referenced Attribute (${name} ${attribute}) is incorrect.`
        )
      }
      return attributeOf(cloud, stack, r, attribute, path, now)
    },
    condition(name) {
      if (!(name in compiled.conditions))
        throw new HeatError('StackValidationFailed', `Invalid condition "${name}"`)
      return compiled.conditions[name] as boolean
    },
  }
}
