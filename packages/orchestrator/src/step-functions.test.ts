import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn'
import { executionName } from '@berth/core/ports/orchestrator'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { StepFunctionsOrchestrator } from './step-functions'

const sfn = mockClient(SFNClient)
const machines = {
  'cluster-create': 'arn:aws:states:eu-west-1:123456789012:stateMachine:berth-cluster-create',
}
const input = {
  projectId: 'p',
  clusterUuid: '0b5c1c9e-8a8e-4c43-9a3e-1f1f3a1b2c3d',
  operationId: 'op1',
  kind: 'cluster-create' as const,
  nodegroupUuid: null,
}
const name = executionName('cluster-create', input.clusterUuid, input.operationId)

describe('Class: StepFunctionsOrchestrator', () => {
  beforeEach(() => sfn.reset())

  it('starts the kind’s state machine with the derived execution name', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'x', startDate: new Date() })
    await new StepFunctionsOrchestrator(new SFNClient({}), machines).start(name, input)
    const call = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input
    expect(call).toEqual({
      stateMachineArn: machines['cluster-create'],
      name,
      input: JSON.stringify(input),
    })
  })

  it('treats a name already used as started (a retried request starts one workflow)', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }))
    await expect(
      new StepFunctionsOrchestrator(new SFNClient({}), machines).start(name, input)
    ).resolves.toBeUndefined()
  })

  it('asks Step Functions about the execution by its ARN', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' } as never)
    const o = new StepFunctionsOrchestrator(new SFNClient({}), machines)
    expect(await o.isRunning(name)).toBe(true)
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input.executionArn).toBe(
      `arn:aws:states:eu-west-1:123456789012:execution:berth-cluster-create:${name}`
    )
    sfn
      .on(DescribeExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'no', $metadata: {} }))
    expect(await o.isRunning(name)).toBe(false)
  })

  it('names the missing state machine instead of failing obscurely', async () => {
    await expect(
      new StepFunctionsOrchestrator(new SFNClient({}), {}).start(name, input)
    ).rejects.toThrow('no state machine is configured for cluster-create')
  })
})
