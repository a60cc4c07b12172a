import type { LifecycleDeps } from '@berth/core/lifecycle'
import { loadConfig } from '@berth/shared'
import { createLifecycleDeps } from './deps'
import { TASKS } from './registry'

let deps: Promise<LifecycleDeps> | undefined

/**
 * A task Lambda: the step named `name`, with dependencies built once per container. Errors are
 * rethrown untouched: their `name` is what the state machine's Retry and Catch match.
 */
export const taskHandler = (name: keyof typeof TASKS & string) => {
  const step = TASKS[name]
  if (!step) throw new Error(`no workflow task named ${name}`)
  return async (event: Record<string, unknown>): Promise<unknown> => {
    deps ??= createLifecycleDeps(loadConfig(process.env))
    return step(await deps, event)
  }
}
