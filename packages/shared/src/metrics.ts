import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics'
import type { Config } from './config'

/** How a workflow execution ended, as its last state recorded it. */
export type WorkflowOutcome = 'succeeded' | 'failed' | 'timed_out'

export interface RequestMeasure {
  method: string
  /** The matched route template (`/v1/clusters/:id`), never the raw path: bounded cardinality. */
  route: string
  status: number
  durationMs: number
}

export interface WorkflowMeasure {
  /** Workflow name: the ASL file name (`cluster-create`). */
  workflow: string
  outcome: WorkflowOutcome
  /** From the operation's start to its end, when known. */
  durationMs?: number
}

/** The few numbers operators watch; CloudWatch metrics on Lambda, nothing elsewhere. */
export interface BerthMetrics {
  request(measure: RequestMeasure): void
  workflow(measure: WorkflowMeasure): void
}

export const METRICS_NAMESPACE = 'Berth'

const noop: BerthMetrics = { request: () => {}, workflow: () => {} }

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`

/**
 * Metrics as CloudWatch Embedded Metric Format lines (Powertools) when running on Lambda: each
 * measure is one stdout line that CloudWatch Logs turns into metrics, so nothing is called
 * over the network. Off Lambda (npm start, tests) every call does nothing.
 *
 * @example
 * const metrics = createMetrics('berth-api', config)
 * metrics.request({ method: 'GET', route: '/v1/clusters', status: 200, durationMs: 12 })
 */
export const createMetrics = (
  service: string,
  config: Pick<Config, 'AWS_LAMBDA_FUNCTION_NAME'>
): BerthMetrics => {
  if (!config.AWS_LAMBDA_FUNCTION_NAME) return noop
  const emf = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: service })
  // Each measure has its own dimensions, so it is published at once rather than buffered.
  return {
    request: ({ method, route, status, durationMs }) => {
      emf.addDimensions({ route: `${method} ${route}`, status: statusClass(status) })
      emf.addMetric('ApiLatency', MetricUnit.Milliseconds, durationMs)
      emf.addMetric(status >= 500 ? 'ApiServerErrors' : 'ApiRequests', MetricUnit.Count, 1)
      emf.publishStoredMetrics()
    },
    workflow: ({ workflow, outcome, durationMs }) => {
      emf.addDimensions({ workflow, outcome })
      emf.addMetric('WorkflowOutcome', MetricUnit.Count, 1)
      if (durationMs !== undefined) {
        emf.addMetric('WorkflowDuration', MetricUnit.Milliseconds, durationMs)
      }
      emf.publishStoredMetrics()
    },
  }
}
