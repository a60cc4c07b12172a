import { isAwsError } from '@berth/aws/errors'
import type { StepFunctions } from '@berth/aws/step-functions'
import type { OperationKind } from '@berth/core/clusters'
import { DependencyError } from '@berth/core/errors'
import type { Orchestrator, WorkflowInput } from '@berth/core/ports/orchestrator'

/**
 * Orchestrator on AWS Step Functions: one state machine per operation kind. Starting is
 * idempotent by execution name: a name already used means the workflow was started.
 *
 * @example
 * const orchestrator = new StepFunctionsOrchestrator(new StepFunctions({ region }), config.BERTH_STATE_MACHINE_ARNS)
 */
export class StepFunctionsOrchestrator implements Orchestrator {
  constructor(
    private readonly client: StepFunctions,
    /** Operation kind (ASL file name) → state machine ARN. */
    private readonly machines: Readonly<Record<string, string>>
  ) {}

  private arn(kind: OperationKind): string {
    const arn = this.machines[kind]
    if (!arn)
      throw new DependencyError('Step Functions', `no state machine is configured for ${kind}`)
    return arn
  }

  /** Executions are named under their machine: arn:…:stateMachine:X → arn:…:execution:X:name. */
  executionArn(kind: OperationKind, name: string): string {
    return `${this.arn(kind).replace(':stateMachine:', ':execution:')}:${name}`
  }

  async start(executionName: string, input: WorkflowInput): Promise<void> {
    try {
      await this.client.startExecution({
        stateMachineArn: this.arn(input.kind),
        name: executionName,
        input: JSON.stringify(input),
      })
    } catch (e) {
      if (isAwsError(e, 'ExecutionAlreadyExists')) return
      throw new DependencyError('Step Functions', (e as Error).message, { cause: e })
    }
  }

  async isRunning(executionName: string): Promise<boolean> {
    const kind = (Object.keys(this.machines) as OperationKind[]).find((k) =>
      executionName.startsWith(`${k}-`)
    )
    if (!kind) return false
    try {
      const out = await this.client.describeExecution({
        executionArn: this.executionArn(kind, executionName),
      })
      return out.status === 'RUNNING' || out.status === 'PENDING_REDRIVE'
    } catch (e) {
      if (isAwsError(e, 'ExecutionDoesNotExist')) return false
      throw new DependencyError('Step Functions', (e as Error).message, { cause: e })
    }
  }
}
