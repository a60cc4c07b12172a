import { isMap, pyStr } from '../engine/pyjson'
import { templateObject } from '../engine/yaml'
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

/**
 * A list property reaching a comma_delimited_list parameter: maps inside it are flattened the
 * way Heat does (`.member.0.network=private`).
 */
export const listParameter = (value: unknown[]): string[] =>
  value.flatMap((item, i) =>
    isMap(item)
      ? Object.entries(item).map(([k, v]) => `.member.${i}.${k}=${pyStr(v)}`)
      : [pyStr(item)]
  )

const parameters = (props: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(props)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, Array.isArray(v) && v.some(isMap) ? listParameter(v) : v])
  )

const definition = (rt: ResourceRuntime, props: Record<string, unknown>) => {
  if (rt.implementation.kind !== 'template') throw new Error('not a provider template')
  return childDefinition(
    rt,
    templateObject(rt.implementation.content, rt.resource.name),
    parameters(props)
  )
}

/** A resource whose type is a template (from `files`, directly or through the registry). */
export const TemplateResource: ResourceType = {
  properties: 'any',
  attributes: 'any',
  create(rt, props) {
    startChild(rt, definition(rt, props))
    return { state: 'done' }
  },
  checkCreate: childProgress,
  changed(rt) {
    const child = childOf(rt)
    return (
      rt.implementation.kind === 'template' &&
      child !== undefined &&
      JSON.stringify(child.definition.template) !==
        JSON.stringify(templateObject(rt.implementation.content))
    )
  },
  update(rt, props) {
    updateChild(rt, definition(rt, props))
    return { state: 'done' }
  },
  checkUpdate: childProgress,
  delete: deleteChild,
  checkDelete: childDeleted,
  reference(rt) {
    const child = childOf(rt)
    if (!child) return rt.resource.name
    const outputs = rt.nested.outputs(child)
    if ('OS::stack_id' in outputs) return outputs['OS::stack_id']
    return `arn:openstack:heat::${child.projectId}:stacks/${child.name}/${child.id}`
  },
  attribute(rt, name) {
    const child = childOf(rt)
    if (!child) return null
    return rt.nested.outputs(child)[name] ?? null
  },
}
