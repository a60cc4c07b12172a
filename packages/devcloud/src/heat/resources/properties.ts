import { propertyError } from '../engine/errors'
import { hasUnresolved } from '../engine/functions'
import { isMap, pyJson, pyRepr, pyStr } from '../engine/pyjson'

export type PropType = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'map' | 'any'

export interface PropSchema {
  type: PropType
  required?: boolean
  default?: unknown
  allowed?: readonly unknown[]
  /** Keys of a map (or of each map in a list); absent ⇒ free-form. */
  schema?: Record<string, PropSchema>
  /** Each item of a list. */
  items?: PropSchema
  /** Changes apply in place; others replace the resource. */
  updatable?: boolean
}

export type PropertySchemas = Record<string, PropSchema>

const fail = (resource: string, path: string | undefined, message: string) =>
  propertyError(resource, path, message)

const sub = (path: string | undefined, key: string | number) =>
  typeof key === 'number' ? `${path ?? ''}[${key}]` : path === undefined ? key : `${path}.${key}`

const checkValue = (
  resource: string,
  path: string,
  schema: PropSchema,
  value: unknown
): unknown => {
  if (hasUnresolved(value) || value === null) return value
  switch (schema.type) {
    case 'string':
      if (isMap(value) || Array.isArray(value)) {
        throw fail(resource, path, `Value must be a string; got ${pyRepr(value)}`)
      }
      return checkAllowed(resource, path, schema, typeof value === 'string' ? value : pyStr(value))
    case 'integer': {
      const n =
        typeof value === 'number'
          ? value
          : /^\s*[-+]?\d+\s*$/.test(pyStr(value))
            ? Number(pyStr(value))
            : Number.NaN
      if (!Number.isInteger(n))
        throw fail(resource, path, `Value '${pyStr(value)}' is not an integer`)
      return checkAllowed(resource, path, schema, n)
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(pyStr(value).trim() || Number.NaN)
      if (!Number.isFinite(n))
        throw fail(resource, path, `could not convert string to float: '${pyStr(value)}'`)
      return checkAllowed(resource, path, schema, n)
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value
      const s = pyStr(value).toLowerCase()
      if (s === 'true' || s === 'false') return s === 'true'
      throw fail(resource, path, `"${pyStr(value)}" is not a valid boolean`)
    }
    case 'list': {
      if (!Array.isArray(value)) throw fail(resource, path, `"${pyRepr(value)}" is not a list`)
      const items = schema.items
      return items ? value.map((v, i) => checkValue(resource, sub(path, i), items, v)) : value
    }
    case 'map': {
      if (!isMap(value)) throw fail(resource, path, `"${pyStr(value)}" is not a map`)
      return schema.schema ? checkMap(resource, path, schema.schema, value) : value
    }
  }
  return value
}

const checkAllowed = (resource: string, path: string, schema: PropSchema, value: unknown) => {
  if (schema.allowed && !schema.allowed.some((a) => pyStr(a) === pyStr(value))) {
    throw fail(
      resource,
      path,
      `"${pyStr(value)}" is not an allowed value ${pyJson(schema.allowed)}`
    )
  }
  return value
}

const checkMap = (
  resource: string,
  path: string | undefined,
  schemas: PropertySchemas,
  values: Record<string, unknown>
): Record<string, unknown> => {
  for (const key of Object.keys(values)) {
    if (!(key in schemas)) throw fail(resource, path, `Unknown Property ${key}`)
  }
  const out: Record<string, unknown> = {}
  for (const [key, schema] of Object.entries(schemas)) {
    const given = values[key]
    if (given === undefined || given === null) {
      if (schema.required) throw fail(resource, path, `Property ${key} not assigned`)
      if (schema.default !== undefined) out[key] = schema.default
      continue
    }
    out[key] = checkValue(resource, sub(path, key), schema, given)
  }
  return out
}

/**
 * Checks a resource's properties like Heat: unknown and missing required ones, value types and
 * allowed values, nested maps and lists. Values that need resources (unresolved during
 * validation) are left alone. Returns the values with defaults filled in.
 */
export const checkProperties = (
  resource: string,
  schemas: PropertySchemas | 'any',
  values: Record<string, unknown>
): Record<string, unknown> =>
  schemas === 'any' ? values : checkMap(resource, undefined, schemas, values)
