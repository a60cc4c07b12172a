import type { Definition, Stack } from '../model'
import type { ResourceRuntime, StepResult } from './types'

/** A nested stack's definition: its template, and the parent's files and registry. */
export const childDefinition = (
  rt: ResourceRuntime,
  template: Record<string, unknown>,
  parameters: Record<string, unknown>
): Definition => {
  const env = rt.stack.definition.environment
  return {
    template,
    files: rt.stack.definition.files,
    environment: { ...env, parameters, resource_registry: env.resource_registry },
  }
}

export const childOf = (rt: ResourceRuntime): Stack | undefined =>
  rt.nested.find(rt.resource.nestedStackId)

/** Creates the nested stack and makes it this resource's physical resource. */
export const startChild = (rt: ResourceRuntime, definition: Definition): void => {
  const child = rt.nested.create(rt, definition)
  rt.resource.nestedStackId = child.id
  rt.resource.physicalId = child.id
}

/** Updates the nested stack (or creates it if it never was). */
export const updateChild = (rt: ResourceRuntime, definition: Definition): void => {
  const child = childOf(rt)
  if (child === undefined || child.action === 'DELETE') startChild(rt, definition)
  else rt.nested.update(rt, child, definition)
}

export const childProgress = (rt: ResourceRuntime): StepResult => {
  const child = childOf(rt)
  return child
    ? rt.nested.progress(child)
    : { state: 'failed', error: 'NotFound', message: 'The nested stack is gone.' }
}

export const deleteChild = (rt: ResourceRuntime): StepResult => {
  const child = childOf(rt)
  // A child whose delete was cancelled (its parent's delete was asked again) starts over.
  if (child && (child.action !== 'DELETE' || child.status === 'FAILED')) rt.nested.delete(rt, child)
  return { state: 'done' }
}

export const childDeleted = (rt: ResourceRuntime): StepResult => {
  const child = childOf(rt)
  if (!child || (child.action === 'DELETE' && child.status === 'COMPLETE')) return { state: 'done' }
  return rt.nested.progress(child)
}
