import type { CredentialSource } from './credentials'
import { AwsJsonClient } from './json-client'

export interface StepFunctionsOptions {
  region: string
  endpoint?: string | undefined
  credentials?: CredentialSource | undefined
  maxAttempts?: number | undefined
  timeoutMs?: number | undefined
}

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE'

export interface StartExecutionInput {
  stateMachineArn: string
  name?: string
  /** The execution's input, a JSON text. */
  input?: string
}

export interface DescribeExecutionOutput {
  executionArn: string
  stateMachineArn: string
  name?: string
  status: ExecutionStatus
  /** Seconds since the epoch. */
  startDate: number
  stopDate?: number
}

/**
 * The Step Functions operations Berth uses (JSON 1.0, target AWSStepFunctions).
 * @example
 * const sfn = new StepFunctions({ region: 'eu-west-1' })
 * await sfn.startExecution({ stateMachineArn, name, input: JSON.stringify(input) })
 */
export class StepFunctions {
  readonly client: AwsJsonClient

  constructor(options: StepFunctionsOptions) {
    this.client = new AwsJsonClient({
      service: 'states',
      targetPrefix: 'AWSStepFunctions',
      jsonVersion: '1.0',
      ...options,
    })
  }

  startExecution(input: StartExecutionInput): Promise<{ executionArn: string; startDate: number }> {
    return this.client.call('StartExecution', input)
  }

  describeExecution(input: { executionArn: string }): Promise<DescribeExecutionOutput> {
    return this.client.call('DescribeExecution', input)
  }
}
