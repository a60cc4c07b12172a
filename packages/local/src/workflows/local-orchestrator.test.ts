import type { LifecycleDeps } from '@berth/core/lifecycle'
import type { WorkflowInput } from '@berth/core/ports/orchestrator'
import { describe, expect, it } from 'vitest'
import type { AslDefinition } from './definitions'
import { type ExecutionEvent, LocalOrchestrator } from './local-orchestrator'

// A machine without tasks needs no lifecycle dependencies: Pass, a Wait, a Choice, Succeed.
const definition: AslDefinition = {
  StartAt: 'Start',
  States: {
    Start: { Type: 'Pass', Result: { n: 1 }, ResultPath: '$.poll', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 5, Next: 'Decide' },
    Decide: {
      Type: 'Choice',
      Choices: [{ Variable: '$.poll.n', NumericEquals: 1, Next: 'Done' }],
      Default: 'Pause',
    },
    Done: { Type: 'Succeed' },
  },
}

const input: WorkflowInput = {
  projectId: 'p',
  clusterUuid: 'c',
  operationId: 'o',
  kind: 'cluster-create',
  nodegroupUuid: null,
}

const orchestrator = (onEvent?: (name: string, e: ExecutionEvent) => void) =>
  new LocalOrchestrator({} as LifecycleDeps, new Map([['cluster-create', definition]]), {
    pollMs: 1,
    retryMs: 1,
    onEvent,
  })

describe('LocalOrchestrator onEvent', () => {
  it('reports every state entered, in order, under the execution name', async () => {
    const seen: [string, string, string | undefined][] = []
    const o = orchestrator((name, e) =>
      seen.push([name, e.type, 'state' in e ? e.state.name : undefined])
    )
    await o.start('exec-1', input)
    await o.idle()
    const entered = seen.filter(([, type]) => type === 'StateEntered')
    expect(entered).toEqual([
      ['exec-1', 'StateEntered', 'Start'],
      ['exec-1', 'StateEntered', 'Pause'],
      ['exec-1', 'StateEntered', 'Decide'],
      ['exec-1', 'StateEntered', 'Done'],
    ])
    expect(seen.at(-1)?.[1]).toBe('ExecutionSucceeded')
  })

  it('keeps running an execution whose listener throws', async () => {
    let calls = 0
    const o = orchestrator(() => {
      calls++
      throw new Error('listener broke')
    })
    await o.start('exec-2', input)
    await o.idle()
    expect(calls).toBe(1)
    expect(await o.isRunning('exec-2')).toBe(false)
  })
})
