import { StepFunctions } from '@berth/aws/step-functions'
import {
  type FakeAnswer,
  type FakeAws,
  type SeenRequest,
  startFakeAws,
} from '@berth/aws/test-support'
import { DependencyError } from '@berth/core/errors'
import { executionName } from '@berth/core/ports/orchestrator'
import { afterEach, describe, expect, it } from 'vitest'
import { StepFunctionsOrchestrator } from './step-functions'

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

let fake: FakeAws | undefined
afterEach(async () => {
  await fake?.close()
})

const sfnError = (type: string): FakeAnswer => ({
  status: 400,
  body: { __type: `com.amazonaws.swf.service.v2.model#${type}`, message: type },
})

/** An orchestrator whose Step Functions is a loopback fake answering with `answer`. */
const orchestrator = async (answer: (r: SeenRequest) => FakeAnswer, arns = machines) => {
  fake = await startFakeAws(answer)
  const client = new StepFunctions({
    region: 'eu-west-1',
    endpoint: fake.endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 's' },
    maxAttempts: 2,
  })
  return { o: new StepFunctionsOrchestrator(client, arns), requests: fake.requests }
}

describe('Class: StepFunctionsOrchestrator', () => {
  it('starts the kind’s state machine with the derived execution name', async () => {
    const { o, requests } = await orchestrator(() => ({
      body: { executionArn: 'x', startDate: 1_700_000_000.5 },
    }))
    await o.start(name, input)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.headers['x-amz-target']).toBe('AWSStepFunctions.StartExecution')
    expect(requests[0]?.headers['content-type']).toBe('application/x-amz-json-1.0')
    expect(requests[0]?.json).toEqual({
      stateMachineArn: machines['cluster-create'],
      name,
      input: JSON.stringify(input),
    })
  })

  it('treats a name already used as started (a retried request starts one workflow)', async () => {
    const { o, requests } = await orchestrator(() => sfnError('ExecutionAlreadyExists'))
    await expect(o.start(name, input)).resolves.toBeUndefined()
    expect(requests).toHaveLength(1)
  })

  it('reports any other failure as a DependencyError', async () => {
    const { o } = await orchestrator(() => sfnError('StateMachineDoesNotExist'))
    const e = await o.start(name, input).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DependencyError)
    expect((e as Error).message).toContain('StateMachineDoesNotExist')
  })

  it('asks Step Functions about the execution by its ARN', async () => {
    let status: FakeAnswer = { body: { status: 'RUNNING', startDate: 1 } }
    const { o, requests } = await orchestrator(() => status)
    expect(await o.isRunning(name)).toBe(true)
    expect(requests[0]?.headers['x-amz-target']).toBe('AWSStepFunctions.DescribeExecution')
    expect(requests[0]?.json).toEqual({
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:berth-cluster-create:${name}`,
    })
    status = { body: { status: 'SUCCEEDED', startDate: 1 } }
    expect(await o.isRunning(name)).toBe(false)
    status = sfnError('ExecutionDoesNotExist')
    expect(await o.isRunning(name)).toBe(false)
    status = sfnError('AccessDeniedException')
    await expect(o.isRunning(name)).rejects.toBeInstanceOf(DependencyError)
  })

  it('names the missing state machine instead of failing obscurely', async () => {
    const { o, requests } = await orchestrator(() => ({}), {} as typeof machines)
    await expect(o.start(name, input)).rejects.toThrow(
      'no state machine is configured for cluster-create'
    )
    expect(requests).toHaveLength(0)
  })
})
