import { HeatError } from './errors'
import { isMap } from './pyjson'
import { functionAvailable } from './versions'

/** A value that only exists once resources do (validation resolves without them). */
export const UNRESOLVED: { readonly unresolved: true } = Object.freeze({ unresolved: true })

export const hasUnresolved = (v: unknown): boolean =>
  v === UNRESOLVED ||
  (Array.isArray(v)
    ? v.some(hasUnresolved)
    : isMap(v)
      ? Object.values(v).some(hasUnresolved)
      : false)

/** What functions read from their stack; each implementation decides how strict to be. */
export interface FunctionContext {
  version: string
  param(name: string): unknown
  /** get_resource; throws InvalidTemplateReference for a name the template lacks. */
  ref(resource: string, where: Where): unknown
  attr(resource: string, attribute: string, path: unknown[], where: Where): unknown
  file(name: string): string | undefined
  condition(name: string): boolean
  /** Validation: no values from resources. */
  validating: boolean
  /** /validate: missing parameters and files are not an error yet. */
  lenient?: boolean
}

/** Where a value sits: Heat's path (`resources.r.properties.x`) and its reference spelling. */
export interface Where {
  path: string
  /** How InvalidTemplateReference names the spot: `r.Properties.x`, or `unknown` for outputs. */
  ref: string
}

export type FunctionImpl = (
  args: unknown,
  ctx: FunctionContext,
  where: Where,
  fn: string
) => unknown

const registry = new Map<string, FunctionImpl>()

export const defineFunction = (name: string, impl: FunctionImpl) => registry.set(name, impl)

/**
 * An argument error, prefixed with the path to the function like Heat's (`path: : message`;
 * /validate prints the same with single colons).
 */
export const argError = (where: Where, fn: string, message: string) =>
  new HeatError('StackValidationFailed', `${where.path}.${fn}: : ${message}`)

const child = (where: Where, key: string | number): Where => {
  const isIndex = typeof key === 'number'
  return {
    path: isIndex ? `${where.path}[${key}]` : `${where.path}.${key}`,
    ref: isIndex ? `${where.ref}[${key}]` : `${where.ref}.${key}`,
  }
}

/** The function a value calls, if it is a single-key map naming one this version has. */
export const functionOf = (value: unknown, version: string): [string, unknown] | undefined => {
  if (!isMap(value)) return undefined
  const keys = Object.keys(value)
  if (keys.length !== 1) return undefined
  const name = keys[0] as string
  return registry.has(name) && functionAvailable(name, version) ? [name, value[name]] : undefined
}

/** Resolves every intrinsic function in a value, depth first. */
export const resolve = (value: unknown, ctx: FunctionContext, where: Where): unknown => {
  const call = functionOf(value, ctx.version)
  if (call) {
    const [name, args] = call
    const impl = registry.get(name) as FunctionImpl
    return impl(args, ctx, where, name)
  }
  if (Array.isArray(value)) return value.map((v, i) => resolve(v, ctx, child(where, i)))
  if (isMap(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolve(v, ctx, child(where, k))])
    )
  }
  return value
}

/** Walks a path of keys/indices into a value; anything missing is null (Heat's select). */
export const select = (value: unknown, path: unknown[]): unknown => {
  let current = value
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key]
    else if (isMap(current) && (typeof key === 'string' || typeof key === 'number'))
      current = current[String(key)]
    else return null
    if (current === undefined) return null
  }
  return current
}

/** Every resource a value refers to through get_resource/get_attr (for dependencies). */
export const references = (
  value: unknown,
  version: string,
  found = new Set<string>()
): Set<string> => {
  const call = functionOf(value, version)
  if (call) {
    const [name, args] = call
    if (name === 'get_resource' && typeof args === 'string') found.add(args)
    if (name === 'get_attr' && Array.isArray(args) && typeof args[0] === 'string')
      found.add(args[0])
    references(args, version, found)
    return found
  }
  if (Array.isArray(value)) for (const v of value) references(v, version, found)
  else if (isMap(value)) for (const v of Object.values(value)) references(v, version, found)
  return found
}
