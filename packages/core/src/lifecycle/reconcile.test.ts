import { describe, expect, it } from 'vitest'
import {
  createFrom,
  type Fakes,
  forceStatus,
  patchNodeCount,
  withTemplate,
} from '../clusters/test-support'
import { reconcileClusters } from './reconcile'

const T0 = Date.UTC(2026, 0, 1)

/** A cluster whose create workflow was started (and recorded) at T0 with create_timeout 10. */
const setup = async () => {
  const { f, t } = withTemplate()
  const a = await createFrom(f.deps, t, { name: 'c', create_timeout: 10 })
  const uuid = a.cluster.uuid
  const stored = f.clusters.clusters.get(uuid)
  if (!stored?.operation) throw new Error('no operation recorded')
  const operation = {
    ...stored.operation,
    started_at: new Date(T0).toISOString(),
    deadline_at: new Date(T0 + 10 * 60_000).toISOString(),
  }
  f.clusters.clusters.set(uuid, { ...stored, operation })
  return { f, uuid, operation }
}

const reconcile = (f: Fakes, at: number, running: string[] = []) =>
  reconcileClusters({
    clusters: f.clusters,
    orchestrator: {
      start: f.deps.orchestrator.start,
      isRunning: async (name) => running.includes(name),
    },
    now: () => new Date(at),
    graceSeconds: 30,
  })

describe('reconcileClusters', () => {
  it('leaves alone a workflow that is running, or too young to be seen running', async () => {
    const { f, uuid, operation } = await setup()
    f.started.length = 0
    expect(await reconcile(f, T0 + 10_000)).toEqual({ checked: 1, resumed: [], failed: [] })
    expect(await reconcile(f, T0 + 60_000, [operation.execution])).toMatchObject({ resumed: [] })
    expect(f.started).toEqual([])
    expect(f.clusters.clusters.get(uuid)?.status).toBe('CREATE_IN_PROGRESS')
  })

  it('resumes a stopped workflow under a new execution name, counting the resumes', async () => {
    const { f, uuid, operation } = await setup()
    f.started.length = 0
    expect(await reconcile(f, T0 + 60_000)).toMatchObject({ resumed: [uuid], failed: [] })
    const resumed = f.clusters.clusters.get(uuid)?.operation
    expect(resumed).toMatchObject({ id: operation.id, resumes: 1 })
    expect(resumed?.execution).toMatch(/-r1$/)
    expect(f.started).toEqual([
      {
        name: resumed?.execution,
        input: expect.objectContaining({ clusterUuid: uuid, kind: 'cluster-create' }),
      },
    ])
    // Just resumed: within the grace period the next pass does not start it again.
    expect(await reconcile(f, T0 + 70_000)).toMatchObject({ resumed: [] })
    expect(f.started).toHaveLength(1)
  })

  it('fails a stopped workflow past its deadline with the reason, without starting anything', async () => {
    const { f, uuid, operation } = await setup()
    f.started.length = 0
    expect(await reconcile(f, T0 + 11 * 60_000)).toMatchObject({ resumed: [], failed: [uuid] })
    const c = f.clusters.clusters.get(uuid)
    expect(c).toMatchObject({ status: 'CREATE_FAILED', operation: null })
    expect(c?.status_reason).toBe(
      `The cluster-create workflow stopped and its deadline (${operation.deadline_at}) has passed.`
    )
    expect(f.started).toEqual([])
    // Its nodegroups fail with it, so none is left showing CREATE_IN_PROGRESS for ever.
    const groups = [...f.clusters.nodegroups.values()].filter((n) => n.cluster_id === uuid)
    expect(groups.map((n) => [n.name, n.status, n.status_reason])).toEqual([
      ['default-master', 'CREATE_FAILED', c?.status_reason],
      ['default-worker', 'CREATE_FAILED', c?.status_reason],
    ])
    expect(c?.faults).toEqual({
      'default-master': c?.status_reason,
      'default-worker': c?.status_reason,
    })
  })

  it('fails a stopped resize past its deadline, back at the count the nodegroup had', async () => {
    const { f, uuid } = await setup()
    forceStatus(f, uuid, 'CREATE_COMPLETE')
    await patchNodeCount(f, uuid, 3)
    const deadline = f.clusters.clusters.get(uuid)?.operation?.deadline_at ?? ''
    expect(await reconcile(f, Date.parse(deadline) + 1000)).toMatchObject({ failed: [uuid] })
    const groups = new Map(
      [...f.clusters.nodegroups.values()]
        .filter((n) => n.cluster_id === uuid)
        .map((n) => [n.name, n])
    )
    expect(f.clusters.clusters.get(uuid)?.status).toBe('UPDATE_FAILED')
    expect(groups.get('default-worker')).toMatchObject({ status: 'UPDATE_FAILED', node_count: 1 })
    expect(groups.get('default-master')?.status).toBe('CREATE_COMPLETE')
    expect(Object.keys(f.clusters.clusters.get(uuid)?.faults ?? {})).toEqual(['default-worker'])
  })

  it('fails an in-progress cluster that has no operation at all; ignores settled ones', async () => {
    const { f, uuid } = await setup()
    const other = await setup()
    forceStatus(f, uuid, 'UPDATE_IN_PROGRESS')
    forceStatus(other.f, other.uuid, 'CREATE_COMPLETE')
    expect(await reconcile(f, T0)).toMatchObject({ failed: [uuid] })
    expect(f.clusters.clusters.get(uuid)).toMatchObject({
      status: 'UPDATE_FAILED',
      status_reason: 'No workflow was recorded for this operation.',
    })
    expect(await reconcile(other.f, T0 + 11 * 60_000)).toEqual({
      checked: 0,
      resumed: [],
      failed: [],
    })
  })
})
