import type { WorkflowInput } from '@berth/core/ports/orchestrator'
import type { Config } from '@berth/shared/config'
import { type BerthMetrics, createMetrics, type WorkflowMeasure } from '@berth/shared/metrics'

let metrics: BerthMetrics | undefined

/** One writer per container: EMF lines on stdout on Lambda, nothing elsewhere. */
export const workflowMetrics = (config: Config): BerthMetrics => {
  metrics ??= createMetrics('berth-workflow', config)
  return metrics
}

/** What the final steps return that the metric needs: when the operation began. */
interface Finished {
  startedAt?: string | undefined
}

const measure = (
  input: WorkflowInput,
  outcome: WorkflowMeasure['outcome'],
  { startedAt }: Finished,
  now: Date
): WorkflowMeasure => {
  const started = startedAt ? Date.parse(startedAt) : Number.NaN
  return Number.isNaN(started)
    ? { workflow: input.kind, outcome }
    : { workflow: input.kind, outcome, durationMs: Math.max(0, now.getTime() - started) }
}

/**
 * The last step of a workflow returned — complete-operation, or remove-cluster for a delete: the
 * operation (named by its kind, as its workflow is) succeeded.
 */
export const reportCompleted = (
  to: BerthMetrics,
  input: WorkflowInput,
  result: Finished,
  now = new Date()
): void => to.workflow(measure(input, 'succeeded', result, now))

/**
 * record-failure returned. Only a failure it recorded ended the operation: one superseded by
 * another operation, or already finished, is not counted twice. A poll that gave up at the
 * operation's deadline makes it timed_out.
 */
export const reportFailure = (
  to: BerthMetrics,
  input: WorkflowInput & { poll?: { timedOut?: boolean } | null },
  result: Finished & { recorded: boolean },
  now = new Date()
): void => {
  if (!result.recorded) return
  to.workflow(measure(input, input.poll?.timedOut ? 'timed_out' : 'failed', result, now))
}
