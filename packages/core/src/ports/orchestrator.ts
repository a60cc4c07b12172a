import * as z from 'zod/mini'
import { OperationKind } from '../clusters/model'

/** What every workflow execution starts from: enough to load everything else from the store. */
export const WorkflowInputSchema = z.object({
  projectId: z.string().check(z.minLength(1)),
  clusterUuid: z.string().check(z.minLength(1)),
  operationId: z.string().check(z.minLength(1)),
  kind: OperationKind,
  nodegroupUuid: z.nullable(z.string()),
})
export type WorkflowInput = z.infer<typeof WorkflowInputSchema>

/**
 * Port: starting and asking about workflow executions. AWS adapter: Step Functions; local
 * adapter: the same ASL files run in-process. `start` is idempotent by execution name.
 */
export interface Orchestrator {
  start(executionName: string, input: WorkflowInput): Promise<void>
  /** RUNNING, or finished/unknown (then a reconciler may act). */
  isRunning(executionName: string): Promise<boolean>
}

/**
 * Step Functions names: ≤80 chars of [A-Za-z0-9-_], derived from the operation so a retried
 * request never starts two. A resumed workflow gets `-r<n>`; the operation id is shortened,
 * never the suffix, so every resume has its own name.
 */
export const executionName = (
  kind: OperationKind,
  clusterUuid: string,
  operationId: string,
  resume = 0
): string => {
  const base = `${kind}-${clusterUuid}`
  const suffix = resume > 0 ? `-r${resume}` : ''
  const room = Math.max(0, 80 - base.length - 1 - suffix.length)
  return `${base}-${operationId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, room)}${suffix}`
}
