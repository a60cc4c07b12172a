import type { WorkflowInput } from '@berth/core/ports/orchestrator'
import { type Config, loadConfig } from '@berth/shared/config'
import { stepInput } from './input'

/** A step as core defines it: its own slice of the lifecycle's dependencies, its input. */
export type Step<D, I extends WorkflowInput, R> = (deps: D, input: I) => Promise<R>

export interface TaskOptions<I extends WorkflowInput, R> {
  /** After the step succeeded: what the Lambda does with its result besides returning it. */
  after?: (config: Config, input: I, result: R) => void
}

/**
 * A task Lambda: `step`, with the dependencies `build` makes from configuration once per
 * container — only what the step uses, so the bundle holds nothing else. Errors are rethrown
 * untouched: their `name` is what the state machine's Retry and Catch match.
 */
export const taskHandler = <D, I extends WorkflowInput, R>(
  step: Step<D, I, R>,
  build: (config: Config) => D,
  options: TaskOptions<I, R> = {}
) => {
  let ready: { config: Config; deps: D } | undefined
  return async (event: Record<string, unknown>): Promise<R> => {
    if (!ready) {
      const config = loadConfig(process.env)
      ready = { config, deps: build(config) }
    }
    const input = stepInput<I>(event)
    const result = await step(ready.deps, input)
    try {
      options.after?.(ready.config, input, result)
    } catch (e) {
      // The step's work is done; failing now would only make Step Functions retry it.
      console.error(JSON.stringify({ level: 'ERROR', message: 'after the step', error: String(e) }))
    }
    return result
  }
}
