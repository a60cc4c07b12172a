import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { TASKS } from '../../functions/workflow/registry'
import { api, type RunningBerth, startBerth } from '../support/berth'
import { addFault, clearFaults } from '../support/cloud'
import { createCluster, createK8sTemplate, deleteCluster, waitFor } from './lifecycle-support'

/**
 * The ASL state machines with each Task calling the Lambda entry Step Functions calls
 * (functions/workflow/<task>.ts, building its own dependencies from the environment) rather
 * than the local runner's registry: every entry has what its step uses, and the last step of
 * each operation writes one WorkflowOutcome metric line.
 */
let berth: RunningBerth
let template: string
const registry = { ...TASKS }
const outcomes: string[] = []

type Entry = { handler: (event: Record<string, unknown>) => Promise<unknown> }

beforeAll(async () => {
  berth = await startBerth()
  // The Lambda's environment: the same configuration, as variables; metrics on.
  for (const [key, value] of Object.entries(berth.config)) {
    if (value !== undefined) {
      vi.stubEnv(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
    }
  }
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'berth-integration')
  for (const task of Object.keys(TASKS)) {
    TASKS[task] = async (_deps, state) => {
      const entry = (await import(`../../functions/workflow/${task}.ts`)) as Entry
      return entry.handler(state)
    }
  }
  const write = process.stdout.write.bind(process.stdout)
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    const text = String(chunk)
    if (text.includes('"WorkflowOutcome"')) {
      const line = JSON.parse(text) as { workflow: string; outcome: string }
      outcomes.push(`${line.workflow} ${line.outcome}`)
      return true
    }
    return write(chunk, ...(rest as []))
  })
  template = await createK8sTemplate('demo', 'lambda-entries', { image_id: 'ubuntu-jammy' })
})
afterAll(async () => {
  vi.restoreAllMocks()
  Object.assign(TASKS, registry)
  vi.unstubAllEnvs()
  await clearFaults()
  await api('demo').delete(`/v1/clustertemplates/${template}`)
  await berth?.stop()
})

/** The metric line follows the step's last write, so the API can show the result a moment before it. */
const outcomesAfter = async (count: number): Promise<string[]> => {
  const deadline = Date.now() + 5_000
  while (outcomes.length < count && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  return outcomes.splice(0)
}

describe('The task Lambdas', () => {
  it('create, resize, add and remove a nodegroup, and delete a cluster; each operation is counted once', async () => {
    const uuid = await createCluster('demo', { name: 'entries-1', cluster_template_id: template })
    let c = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('CREATE_COMPLETE')
    const resize = await api('demo').post(`/v1/clusters/${uuid}/actions/resize`, { node_count: 2 })
    expect(resize.status).toBe(202)
    c = await waitFor('demo', uuid, (x) => x.status !== 'UPDATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('UPDATE_COMPLETE')
    expect(c.node_addresses).toHaveLength(2)
    const extra = { name: 'extra', node_count: 1 }
    expect((await api('demo').post(`/v1/clusters/${uuid}/nodegroups`, extra)).status).toBe(202)
    c = await waitFor('demo', uuid, (x) => x.status !== 'UPDATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('UPDATE_COMPLETE')
    expect((await api('demo').delete(`/v1/clusters/${uuid}/nodegroups/extra`)).status).toBe(204)
    c = await waitFor('demo', uuid, (x) => x.status !== 'UPDATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('UPDATE_COMPLETE')
    await deleteCluster('demo', uuid)
    expect(await outcomesAfter(5)).toEqual([
      'cluster-create succeeded',
      'cluster-update succeeded',
      'nodegroup-create succeeded',
      'nodegroup-delete succeeded',
      'cluster-delete succeeded',
    ])
  })

  it('record a failed create, counted as failed', async () => {
    await addFault({ kind: 'no-valid-host' })
    const uuid = await createCluster('demo', { name: 'entries-2', cluster_template_id: template })
    const c = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    expect(c.status).toBe('CREATE_FAILED')
    expect(c.status_reason).toContain('No valid host')
    await clearFaults()
    await deleteCluster('demo', uuid)
    expect(await outcomesAfter(2)).toEqual(['cluster-create failed', 'cluster-delete succeeded'])
  })
})
