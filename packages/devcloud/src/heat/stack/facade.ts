import { validationFailed } from '../engine/errors'
import type { ParamSchema, ParamType } from '../engine/parameters'
import { RESOURCE_TYPES } from '../resources/index'
import type { PropSchema, PropType } from '../resources/properties'

const FACADE_TYPES: Partial<Record<PropType, string>> = {
  string: 'String',
  integer: 'Integer',
  number: 'Number',
  boolean: 'Boolean',
  list: 'List',
  map: 'Map',
}
const PROVIDER_TYPES: Record<ParamType, string> = {
  string: 'String',
  number: 'Number',
  boolean: 'Boolean',
  json: 'Map',
  comma_delimited_list: 'List',
}

/**
 * A provider template standing in for a built-in type must offer that type's interface:
 * every attribute as an output, and matching types for the properties it takes.
 */
export const checkFacade = (facade: string, params: ParamSchema[], outputs: string[]): void => {
  const type = RESOURCE_TYPES[facade]
  if (!type) return
  if (type.attributes !== 'any') {
    for (const attribute of type.attributes) {
      if (attribute !== 'show' && !outputs.includes(attribute)) {
        throw validationFailed(`Attribute ${attribute} for facade ${facade} missing in provider`)
      }
    }
  }
  if (type.properties === 'any') return
  for (const [name, schema] of Object.entries(type.properties) as [string, PropSchema][]) {
    const param = params.find((p) => p.name === name)
    if (!param) {
      if (schema.required)
        throw validationFailed(`Required property ${name} for facade ${facade} missing in provider`)
      continue
    }
    const expected = FACADE_TYPES[schema.type]
    const actual = PROVIDER_TYPES[param.type]
    const compatible = expected === actual || (expected === 'Integer' && actual === 'Number')
    if (expected !== undefined && !compatible) {
      throw validationFailed(
        `Property ${name} type mismatch between facade ${facade} (${expected}) and provider (${actual})`
      )
    }
  }
}

/** The properties a provider template takes: its parameters, typed loosely like Heat's. */
export const providerProperties = (params: ParamSchema[]): Record<string, PropSchema> =>
  Object.fromEntries(
    params.map((p) => [
      p.name,
      {
        type:
          p.type === 'string'
            ? 'string'
            : p.type === 'number'
              ? 'number'
              : p.type === 'boolean'
                ? 'boolean'
                : 'any',
        required: !p.hasDefault,
      } satisfies PropSchema,
    ])
  )
