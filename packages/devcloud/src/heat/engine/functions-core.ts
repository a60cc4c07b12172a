import { HeatError } from './errors'
import { isMap } from './pyjson'
import {
  argError,
  defineFunction,
  type FunctionContext,
  hasUnresolved,
  resolve,
  select,
  UNRESOLVED,
  type Where,
} from './resolve'

defineFunction('get_param', (args, ctx, where, fn) => {
  const list = Array.isArray(args) ? resolve(args, ctx, where) : [resolve(args, ctx, where)]
  if (!Array.isArray(list) || typeof list[0] !== 'string') {
    throw argError(where, fn, 'Function "get_param" must operate on a parameter name')
  }
  const [name, ...path] = list as [string, ...unknown[]]
  const value = ctx.param(name)
  return path.length === 0 ? value : select(value, path)
})

defineFunction('get_resource', (args, ctx, where) => {
  if (typeof args !== 'string')
    throw new HeatError(
      'InvalidTemplateReference',
      `The specified reference "${String(args)}" (in ${where.ref}) is incorrect.`
    )
  return ctx.ref(args, where)
})

defineFunction('get_attr', (args, ctx, where, fn) => {
  const list = resolve(args, ctx, where)
  if (!Array.isArray(list) || list.length < 2 || typeof list[0] !== 'string') {
    throw argError(
      where,
      fn,
      'Arguments to "get_attr" must be of the form [resource_name, attribute, (path), ...]'
    )
  }
  const [resource, attribute, ...path] = list as [string, unknown, ...unknown[]]
  if (hasUnresolved(attribute) || hasUnresolved(path)) return UNRESOLVED
  return ctx.attr(resource, String(attribute), path, where)
})

defineFunction('get_file', (args, ctx, where, fn) => {
  if (typeof args !== 'string') throw argError(where, fn, 'Argument to "get_file" must be a string')
  const content = ctx.file(args)
  if (content !== undefined) return content
  if (ctx.lenient) return UNRESOLVED
  throw new HeatError(
    'StackValidationFailed',
    `No content found in the "files" section for get_file path: ${args}`
  )
})

/** A condition: a name from the `conditions` section, a boolean, or an expression. */
export const evaluateCondition = (value: unknown, ctx: FunctionContext, where: Where): boolean => {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    if (['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true'
    return ctx.condition(value)
  }
  const result = resolve(value, ctx, where)
  if (typeof result !== 'boolean') {
    throw new HeatError(
      'StackValidationFailed',
      `${where.path}: : Invalid condition "${JSON.stringify(value)}"`
    )
  }
  return result
}

defineFunction('if', (args, ctx, where, fn) => {
  if (!Array.isArray(args) || args.length < 2 || args.length > 3) {
    throw argError(
      where,
      fn,
      'Arguments to "if" must be of the form: [condition_name, value_if_true, value_if_false]'
    )
  }
  // Only the chosen branch is resolved, so the other may refer to things that do not exist.
  const chosen = evaluateCondition(args[0], ctx, where) ? args[1] : args[2]
  return chosen === undefined ? null : resolve(chosen, ctx, where)
})

defineFunction('equals', (args, ctx, where, fn) => {
  if (!Array.isArray(args) || args.length !== 2) {
    throw argError(where, fn, 'Arguments to "equals" must be of the form: [value_1, value_2]')
  }
  const [a, b] = resolve(args, ctx, where) as unknown[]
  return JSON.stringify(a) === JSON.stringify(b)
})

defineFunction('not', (args, ctx, where) => !evaluateCondition(args, ctx, where))

for (const op of ['and', 'or'] as const) {
  defineFunction(op, (args, ctx, where, fn) => {
    if (!Array.isArray(args) || args.length < 2) {
      throw argError(
        where,
        fn,
        `Arguments to "${fn}" must be of the form: [condition_1, condition_2, ...]`
      )
    }
    const values = args.map((a) => evaluateCondition(a, ctx, where))
    return op === 'and' ? values.every(Boolean) : values.some(Boolean)
  })
}

defineFunction('contains', (args, ctx, where, fn) => {
  const list = resolve(args, ctx, where)
  if (!Array.isArray(list) || list.length !== 2 || !Array.isArray(list[1])) {
    throw argError(
      where,
      fn,
      'Arguments to "contains" must be of the form: [value1, [value1, value2]]'
    )
  }
  return list[1].some((v) => JSON.stringify(v) === JSON.stringify(list[0]))
})

defineFunction('yaql', (args, ctx, where, fn) => {
  if (!isMap(args) || !('expression' in args)) {
    throw argError(where, fn, 'Arguments to "yaql" must be a map with keys "expression" and "data"')
  }
  // No YAQL interpreter here: templates using it validate, and fail where it is evaluated.
  if (ctx.validating) return UNRESOLVED
  throw new HeatError(
    'StackValidationFailed',
    `${where.path}.${fn}: : yaql expressions are not supported by the development cloud`
  )
})
