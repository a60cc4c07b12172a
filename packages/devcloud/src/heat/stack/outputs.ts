import type { DevCloud } from '../../context'
import { resolve } from '../engine/functions'
import type { Stack } from '../model'
import { compile, holds, staticContext } from './compile'
import { functionContext } from './runtime'

export interface OutputValue {
  key: string
  description: string
  value: unknown
  /** Why the value could not be resolved (Heat's output_error). */
  error?: string
}

/**
 * A stack's outputs as of `now`. An output whose resources are missing or failed is null;
 * one that cannot be resolved at all carries the error, as Heat's output_error.
 */
export const resolveOutputs = (cloud: DevCloud, stack: Stack, now: Date): OutputValue[] => {
  const compiled = compile(stack)
  const ctx = functionContext(cloud, stack, now)
  const base = staticContext(compiled.template.version, compiled.params, stack.definition.files)
  return compiled.template.outputs.map((o) => {
    const description = o.description ?? 'No description given'
    try {
      if (!holds(o.condition, compiled.conditions, base, `outputs.${o.name}.condition`)) {
        return { key: o.name, description, value: null }
      }
      return {
        key: o.name,
        description,
        value: resolve(o.value, ctx, { path: `outputs.${o.name}.value`, ref: 'unknown' }),
      }
    } catch (err) {
      return {
        key: o.name,
        description,
        value: null,
        error: err instanceof Error ? err.message : String(err),
      }
    }
  })
}

export const outputMap = (cloud: DevCloud, stack: Stack, now: Date): Record<string, unknown> =>
  Object.fromEntries(resolveOutputs(cloud, stack, now).map((o) => [o.key, o.value]))
