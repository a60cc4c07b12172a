import { MemoryClusters } from '@berth/core/clusters/test-support'
import type { WorkflowInput } from '@berth/core/ports/orchestrator'
import type { BerthMetrics, WorkflowMeasure } from '@berth/shared/metrics'
import { aggregateOf, nodeGroupOf, quotaFor, templateFor } from '@berth/store/cluster-fixtures'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { reportCompleted, reportFailure } from './outcome'

// The Lambda entries below run with in-memory clusters in place of DynamoDB.
const store = vi.hoisted(() => ({ clusters: undefined as unknown }))
vi.mock('./parts/store', async (original) => ({
  ...(await original<typeof import('./parts/store')>()),
  storeParts: () => ({ clusters: store.clusters }),
}))
vi.mock('./parts/audit', () => ({ auditParts: () => ({}) }))
vi.mock('./parts/rendering', () => ({
  renderingStepParts: () => ({ clusters: store.clusters, now: () => new Date() }),
}))

const recorder = () => {
  const seen: WorkflowMeasure[] = []
  const metrics: BerthMetrics = { request: () => {}, workflow: (m) => void seen.push(m) }
  return { seen, metrics }
}

const input = (kind: WorkflowInput['kind']): WorkflowInput => ({
  projectId: 'p',
  clusterUuid: 'c',
  operationId: 'o',
  kind,
  nodegroupUuid: null,
})

describe('Function: reportCompleted / reportFailure', () => {
  const now = new Date('2026-01-01T00:10:00Z')
  const startedAt = '2026-01-01T00:00:00Z'

  it('counts a completed operation as succeeded, under its kind, with its duration', () => {
    const { seen, metrics } = recorder()
    reportCompleted(metrics, input('cluster-upgrade'), { startedAt }, now)
    expect(seen).toEqual([
      { workflow: 'cluster-upgrade', outcome: 'succeeded', durationMs: 600_000 },
    ])
  })

  it('counts a recorded failure as failed, or timed_out when the poll gave up at the deadline', () => {
    const { seen, metrics } = recorder()
    reportFailure(metrics, input('cluster-create'), { recorded: true, startedAt }, now)
    reportFailure(
      metrics,
      { ...input('nodegroup-delete'), poll: { timedOut: true } },
      { recorded: true },
      now
    )
    expect(seen).toEqual([
      { workflow: 'cluster-create', outcome: 'failed', durationMs: 600_000 },
      { workflow: 'nodegroup-delete', outcome: 'timed_out' },
    ])
  })

  it('counts nothing when the failure was not recorded (the cluster had moved on)', () => {
    const { seen, metrics } = recorder()
    reportFailure(metrics, input('cluster-delete'), { recorded: false }, now)
    expect(seen).toEqual([])
  })
})

/** The EMF lines a call writes to stdout. */
const emitted = async (act: () => Promise<unknown>): Promise<Record<string, unknown>[]> => {
  const chunks: string[] = []
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk))
    return true
  })
  try {
    await act()
  } finally {
    spy.mockRestore()
  }
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('The final steps’ Lambdas', () => {
  const clusters = new MemoryClusters()
  const template = templateFor('p-metrics')

  beforeAll(() => {
    store.clusters = clusters
  })
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('record-failure writes a WorkflowOutcome once, when it records the failure', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'berth-record-failure')
    const a = aggregateOf(template, 'p-metrics')
    await clusters.create(a, template.project_id, quotaFor(a))
    const op = a.cluster.operation
    if (!op) throw new Error('the fixture has an operation')
    const event = {
      projectId: 'p-metrics',
      clusterUuid: a.cluster.uuid,
      operationId: op.id,
      kind: 'cluster-create',
      nodegroupUuid: null,
      poll: { state: 'FAILED', reason: 'Timed out after 60 minutes.', timedOut: true },
    }
    const { handler } = await import('./record-failure')
    const lines = await emitted(() => handler(event))
    expect(clusters.clusters.get(a.cluster.uuid)?.status).toBe('CREATE_FAILED')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      service: 'berth-workflow',
      workflow: 'cluster-create',
      outcome: 'timed_out',
      WorkflowOutcome: 1,
    })
    expect(lines[0]?.WorkflowDuration).toBeGreaterThan(0)
    // The state machine retrying the step: the cluster is no longer in progress, nothing new.
    expect(await emitted(() => handler(event))).toEqual([])
  })

  it('complete-operation writes a succeeded WorkflowOutcome', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'berth-complete-operation')
    const a = aggregateOf(template, 'p-metrics', { status: 'UPDATE_IN_PROGRESS' })
    const extra = nodeGroupOf(a.cluster, { status: 'DELETE_IN_PROGRESS' })
    const op = {
      id: 'op-ng-delete',
      kind: 'nodegroup-delete' as const,
      execution: 'x',
      started_at: new Date(Date.now() - 5_000).toISOString(),
      deadline_at: new Date(Date.now() + 60_000).toISOString(),
      nodegroup_uuid: extra.uuid,
      params: {},
    }
    await clusters.create(
      { cluster: { ...a.cluster, operation: op }, nodegroups: [...a.nodegroups, extra] },
      template.project_id,
      quotaFor(a)
    )
    const { handler } = await import('./complete-operation')
    const lines = await emitted(() =>
      handler({
        projectId: 'p-metrics',
        clusterUuid: a.cluster.uuid,
        operationId: op.id,
        kind: 'nodegroup-delete',
        nodegroupUuid: extra.uuid,
      })
    )
    expect(clusters.clusters.get(a.cluster.uuid)?.status).toBe('UPDATE_COMPLETE')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      workflow: 'nodegroup-delete',
      outcome: 'succeeded',
      WorkflowOutcome: 1,
    })
    expect(lines[0]?.WorkflowDuration).toBeGreaterThanOrEqual(5_000)
  })

  it('remove-cluster, a delete’s last step, writes a succeeded WorkflowOutcome for cluster-delete', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'berth-remove-cluster')
    const a = aggregateOf(template, 'p-metrics', { status: 'DELETE_IN_PROGRESS' })
    const op = {
      id: 'op-delete',
      kind: 'cluster-delete' as const,
      execution: 'x',
      started_at: new Date(Date.now() - 7_000).toISOString(),
      deadline_at: new Date(Date.now() + 60_000).toISOString(),
      nodegroup_uuid: null,
      params: {},
    }
    await clusters.create(
      { ...a, cluster: { ...a.cluster, operation: op } },
      template.project_id,
      quotaFor(a)
    )
    const { handler } = await import('./remove-cluster')
    const lines = await emitted(() =>
      handler({
        projectId: 'p-metrics',
        clusterUuid: a.cluster.uuid,
        operationId: op.id,
        kind: 'cluster-delete',
        nodegroupUuid: null,
      })
    )
    expect(clusters.clusters.has(a.cluster.uuid)).toBe(false)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      workflow: 'cluster-delete',
      outcome: 'succeeded',
      WorkflowOutcome: 1,
    })
    expect(lines[0]?.WorkflowDuration).toBeGreaterThanOrEqual(7_000)
  })
})
