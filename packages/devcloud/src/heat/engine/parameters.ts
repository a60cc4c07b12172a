import { HeatError, validationFailed } from './errors'
import { isMap, pyJson, pyStr } from './pyjson'

export const PARAM_TYPES = ['string', 'number', 'json', 'comma_delimited_list', 'boolean'] as const
export type ParamType = (typeof PARAM_TYPES)[number]

export type Constraint =
  | { kind: 'range'; min?: number; max?: number; description?: string }
  | { kind: 'length'; min?: number; max?: number; description?: string }
  | { kind: 'allowed_values'; values: unknown[]; description?: string }
  | { kind: 'allowed_pattern'; pattern: string; description?: string }
  | { kind: 'modulo'; step: number; offset: number; description?: string }
  | { kind: 'custom_constraint'; name: string; description?: string }

export interface ParamSchema {
  name: string
  type: ParamType
  hasDefault: boolean
  default: unknown
  description: string
  label: string
  hidden: boolean
  constraints: Constraint[]
}

/** Checks a custom constraint (nova.flavor…); returns the lookup's complaint, if any. */
export type CustomConstraintCheck = (name: string, value: unknown) => string | undefined

const schemaError = (message: string) => new HeatError('InvalidSchemaError', message)
const num = (v: unknown) => (typeof v === 'number' ? v : undefined)

const constraint = (raw: unknown): Constraint => {
  if (!isMap(raw)) throw schemaError('Invalid constraint')
  const description = typeof raw.description === 'string' ? raw.description : undefined
  const r = (k: string) => raw[k] as Record<string, unknown>
  if ('range' in raw)
    return { kind: 'range', min: num(r('range').min), max: num(r('range').max), description }
  if ('length' in raw)
    return { kind: 'length', min: num(r('length').min), max: num(r('length').max), description }
  if ('allowed_values' in raw)
    return { kind: 'allowed_values', values: raw.allowed_values as unknown[], description }
  if ('allowed_pattern' in raw)
    return { kind: 'allowed_pattern', pattern: String(raw.allowed_pattern), description }
  if ('modulo' in raw)
    return {
      kind: 'modulo',
      step: Number(r('modulo').step),
      offset: Number(r('modulo').offset),
      description,
    }
  if ('custom_constraint' in raw)
    return { kind: 'custom_constraint', name: String(raw.custom_constraint), description }
  throw schemaError(`Invalid key ${Object.keys(raw)[0]} for parameter constraints`)
}

export const parseParamSchemas = (raw: Record<string, Record<string, unknown>>): ParamSchema[] =>
  Object.entries(raw).map(([name, p]) => {
    const type = String(p.type ?? '')
    if (p.type === undefined) throw schemaError(`Missing parameter type for parameter: ${name}`)
    if (!(PARAM_TYPES as readonly string[]).includes(type))
      throw schemaError(`Invalid type (${type})`)
    const constraints =
      p.constraints === undefined ? [] : (p.constraints as unknown[]).map(constraint)
    return {
      name,
      type: type as ParamType,
      hasDefault: 'default' in p,
      default: p.default,
      description: typeof p.description === 'string' ? p.description : '',
      label: typeof p.label === 'string' ? p.label : name,
      hidden: p.hidden === true || p.hidden === 'true',
      constraints,
    }
  })

const TRUE = ['1', 't', 'true', 'on', 'y', 'yes']
const FALSE = ['0', 'f', 'false', 'off', 'n', 'no']

/** Converts a value to the parameter's type; throws the converter's message. */
export const coerce = (type: ParamType, value: unknown): unknown => {
  switch (type) {
    case 'number': {
      if (typeof value === 'number') return value
      const s = pyStr(value).trim()
      if (/^[-+]?\d+$/.test(s)) return Number.parseInt(s, 10)
      if (s !== '' && Number.isFinite(Number(s))) return Number(s)
      throw new Error(`could not convert string to float: '${pyStr(value)}'`)
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value
      const s = pyStr(value).trim().toLowerCase()
      if (TRUE.includes(s)) return true
      if (FALSE.includes(s)) return false
      throw new Error(
        `Unrecognized value '${pyStr(value)}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`
      )
    }
    case 'json': {
      if (typeof value !== 'string') return value
      try {
        return value === '' ? {} : JSON.parse(value)
      } catch (err) {
        throw new Error(
          `Value must be valid JSON: ${err instanceof Error ? err.message : String(err)}`
        )
      }
    }
    case 'comma_delimited_list':
      if (Array.isArray(value)) return value.map(pyStr)
      return pyStr(value) === '' ? [] : pyStr(value).split(',')
    default:
      return typeof value === 'string' ? value : pyStr(value)
  }
}

/** The first constraint the value breaks, as Heat words it. */
const violation = (
  c: Constraint,
  value: unknown,
  custom: CustomConstraintCheck
): string | undefined => {
  const bound = (v: number | undefined) => (v === undefined ? 'None' : String(v))
  let broken: string | undefined
  switch (c.kind) {
    case 'range': {
      const n = Number(value)
      if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max))
        broken = `${pyStr(value)} is out of range (min: ${bound(c.min)}, max: ${bound(c.max)})`
      break
    }
    case 'length': {
      const n = Array.isArray(value)
        ? value.length
        : isMap(value)
          ? Object.keys(value).length
          : pyStr(value).length
      if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max))
        broken = `length (${n}) is out of range (min: ${bound(c.min)}, max: ${bound(c.max)})`
      break
    }
    case 'allowed_values': {
      const values = Array.isArray(value) ? value : [value]
      const bad = values.find((v) => !c.values.some((a) => pyStr(a) === pyStr(v)))
      if (bad !== undefined) broken = `"${pyStr(bad)}" is not an allowed value ${pyJson(c.values)}`
      break
    }
    case 'allowed_pattern':
      if (!new RegExp(`^(?:${c.pattern})$`).test(pyStr(value)))
        broken = `"${pyStr(value)}" does not match pattern "${c.pattern}"`
      break
    case 'modulo': {
      const n = Number(value)
      if ((n - c.offset) % c.step !== 0)
        broken = `${pyStr(value)} is not a multiple of ${c.step} with an offset of ${c.offset})`
      break
    }
    case 'custom_constraint': {
      const complaint = custom(c.name, value)
      if (complaint !== undefined) broken = `Error validating value '${pyStr(value)}': ${complaint}`
    }
  }
  return broken === undefined ? undefined : (c.description ?? broken)
}

/** Template-load check: every default must satisfy its own constraints (custom ones skipped). */
export const checkDefaults = (schemas: ParamSchema[]): void => {
  for (const s of schemas) {
    if (!s.hasDefault || s.default === null) continue
    let value: unknown
    try {
      value = coerce(s.type, s.default)
    } catch {
      continue
    }
    for (const c of s.constraints) {
      const broken =
        c.kind === 'custom_constraint' ? undefined : violation(c, value, () => undefined)
      if (broken !== undefined) {
        throw schemaError(
          `Parameter '${s.name}' is invalid: Invalid default ${pyStr(s.default)} (${broken})`
        )
      }
    }
  }
}

/**
 * The typed value of every parameter: given ones (parameters, then parameter_defaults), else
 * the default. Unknown, missing and invalid values fail as Heat's create does.
 */
export const resolveParameters = (
  schemas: ParamSchema[],
  given: Record<string, unknown>,
  defaults: Record<string, unknown>,
  custom: CustomConstraintCheck
): Record<string, unknown> => {
  for (const key of Object.keys(given)) {
    if (!schemas.some((s) => s.name === key)) {
      throw new HeatError(
        'UnknownUserParameter',
        `The Parameter (${key}) was not defined in template.`
      )
    }
  }
  const values: Record<string, unknown> = {}
  for (const s of schemas) {
    const raw = s.name in given ? given[s.name] : s.name in defaults ? defaults[s.name] : s.default
    if (raw === undefined || (raw === null && !s.hasDefault)) {
      throw new HeatError('UserParameterMissing', `The Parameter (${s.name}) was not provided.`)
    }
    let value: unknown
    try {
      value = coerce(s.type, raw)
    } catch (err) {
      throw validationFailed(`Parameter '${s.name}' is invalid: ${(err as Error).message}`)
    }
    for (const c of s.constraints) {
      const broken = violation(c, value, custom)
      if (broken !== undefined)
        throw validationFailed(`Parameter '${s.name}' is invalid: ${broken}`)
    }
    values[s.name] = value
  }
  return values
}

/** How stack show spells a parameter value: always a string, hidden ones masked. */
export const displayParameter = (s: ParamSchema, value: unknown): string => {
  if (s.hidden) return '******'
  if (s.type === 'comma_delimited_list' && Array.isArray(value)) return value.map(pyStr).join(',')
  if (s.type === 'json') return pyJson(value)
  return pyStr(value)
}
