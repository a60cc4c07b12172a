import type { TypeImpl } from '../engine/environment'
import { isMap } from '../engine/pyjson'
import { templateObject } from '../engine/yaml'
import { RESOURCE_TYPES } from '../resources/index'

/** The attributes get_attr may ask a resource for: its type's, or its provider's outputs. */
export const knownAttributes = (impl: TypeImpl): readonly string[] | 'any' => {
  if (impl.kind === 'builtin') return RESOURCE_TYPES[impl.name]?.attributes ?? 'any'
  try {
    const outputs = templateObject(impl.content).outputs
    return isMap(outputs) ? [...Object.keys(outputs), 'OS::stack_id'] : ['OS::stack_id']
  } catch {
    return 'any'
  }
}
