import { InvalidError } from '@berth/core/errors'
import type { HotParameter } from '../heat/hot'

/**
 * Characters a value may hold when Heat substitutes it into a node's boot payload: it lands
 * inside a JSON string (Ignition) or a YAML block, then in a quoted systemd `Environment=`,
 * where `"`, `\` and `%` would change meaning and control characters would end the line.
 */
export const PAYLOAD_SAFE = '^[^"\\\\%\\x00-\\x1f\\x7f]*$'
/** Secrets go into a data URL as they are, so only URL-unreserved characters. */
export const URL_SAFE = '^[A-Za-z0-9._~-]*$'
const VERSION = '^[A-Za-z0-9][A-Za-z0-9._+-]*$'
const CIDR = '^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$'

export type LabelKind = 'string' | 'version' | 'cidr' | 'number' | 'boolean' | 'choice'
export type NodeRole = 'master' | 'worker'

export interface LabelSpec {
  /** The label, and the Heat parameter of the same name (Magnum's pass-through). */
  name: string
  kind: LabelKind
  default: string
  description: string
  choices?: readonly string[]
  /** The environment variable nodes read it from; absent: only the template uses it. */
  env?: string
  /** Which nodes get it (both when absent). */
  roles?: readonly NodeRole[]
}

export type ParamValue = string | number | boolean

const pattern = (kind: LabelKind) =>
  kind === 'version' ? VERSION : kind === 'cidr' ? CIDR : PAYLOAD_SAFE

/** The HOT declaration of a label's parameter, with the constraint Berth also checks itself. */
export const labelParameter = (spec: LabelSpec): HotParameter => {
  const base = { description: spec.description }
  switch (spec.kind) {
    case 'number':
      return { ...base, type: 'number', default: Number(spec.default) }
    case 'boolean':
      return { ...base, type: 'boolean', default: spec.default === 'true' }
    case 'choice':
      return {
        ...base,
        type: 'string',
        default: spec.default,
        constraints: [{ allowed_values: [...(spec.choices ?? [])] }],
      }
    default:
      return {
        ...base,
        type: 'string',
        default: spec.default,
        constraints: [{ allowed_pattern: pattern(spec.kind) }],
      }
  }
}

const invalid = (name: string, value: string, why: string) =>
  new InvalidError(`Invalid value for label ${name}: '${value}' ${why}.`)

/** A label's value as its parameter takes it, or InvalidError naming the label. */
export const labelValue = (spec: LabelSpec, raw: string | undefined): ParamValue => {
  const value = (raw ?? spec.default).trim()
  switch (spec.kind) {
    case 'number': {
      if (!/^-?\d+$/.test(value)) throw invalid(spec.name, value, 'is not an integer')
      return Number(value)
    }
    case 'boolean': {
      const v = value.toLowerCase()
      if (v !== 'true' && v !== 'false') throw invalid(spec.name, value, 'is not true or false')
      return v === 'true'
    }
    case 'choice':
      if (!spec.choices?.includes(value)) {
        throw invalid(spec.name, value, `is not one of ${spec.choices?.join(', ')}`)
      }
      return value
    default:
      if (!new RegExp(pattern(spec.kind)).test(value)) {
        throw invalid(spec.name, value, `does not match ${pattern(spec.kind)}`)
      }
      return value
  }
}

/** Every label a driver knows, as the Heat parameters it passes (defaults filled in). */
export const labelValues = (
  specs: readonly LabelSpec[],
  labels: Record<string, string>
): Record<string, ParamValue> =>
  Object.fromEntries(specs.map((s) => [s.name, labelValue(s, labels[s.name])]))

/**
 * Orders two versions the way Magnum's upgrade check does: numerically by dotted release,
 * ignoring a leading `v`; undefined when either does not look like a version.
 */
export const compareVersions = (a: string, b: string): number | undefined => {
  const parse = (v: string) => /^v?(\d+(?:\.\d+)*)/.exec(v.trim())?.[1]?.split('.').map(Number)
  const x = parse(a)
  const y = parse(b)
  if (!x || !y) return undefined
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}
