import type { OperationKind } from '../clusters/model'

/** What every workflow execution starts from: enough to load everything else from the store. */
export interface WorkflowInput {
  projectId: string
  clusterUuid: string
  operationId: string
  kind: OperationKind
  nodegroupUuid: string | null
}

/**
 * Port: starting and asking about workflow executions. AWS adapter: Step Functions; local
 * adapter: the same ASL files run in-process. `start` is idempotent by execution name.
 */
export interface Orchestrator {
  start(executionName: string, input: WorkflowInput): Promise<void>
  /** RUNNING, or finished/unknown (then a reconciler may act). */
  isRunning(executionName: string): Promise<boolean>
}

/** Step Functions names: ≤80 chars of [A-Za-z0-9-_]; derived so a retried request never starts two. */
export const executionName = (
  kind: OperationKind,
  clusterUuid: string,
  operationId: string
): string => `${kind}-${clusterUuid}-${operationId}`.slice(0, 80)
