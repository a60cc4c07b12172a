import { describe, expect, it } from 'vitest'
import { createFrom, forceStatus, patchNodeCount, withTemplate } from '../clusters/test-support'
import type { PendingResource, StackState } from '../ports/stacks'
import { pollStacks } from './poll'
import { oneStack, stepDeps } from './test-support'

/**
 * pollStacks over one cluster whose stack Heat reports as `status`: being created, or (with
 * `growing`) being grown from one node to three by a PATCH that asked for rollback.
 */
const setup = async (
  status: string,
  deadline: Date,
  growing = false,
  pending: PendingResource[] = [],
  updatedAt = '2026-01-01T00:00:00Z'
) => {
  const { f, t } = withTemplate()
  let { cluster } = await createFrom(f.deps, t, { name: 'k8s-1' })
  if (growing) {
    forceStatus(f, cluster.uuid, 'CREATE_COMPLETE')
    cluster = (await patchNodeCount(f, cluster.uuid, 3, true)).cluster
  }
  const op = cluster.operation
  if (!op) throw new Error('a create records its operation')
  f.clusters.clusters.set(cluster.uuid, {
    ...cluster,
    stack_id: 'stack-1',
    operation: { ...op, started_at: '2026-01-01T00:00:00Z', deadline_at: deadline.toISOString() },
    updated_at: updatedAt,
  })
  const stack: StackState = {
    id: 'stack-1',
    name: 'k8s-1-abc',
    status,
    reason: /FAILED|ROLLBACK/.test(status) ? 'Resource CREATE failed: No valid host' : null,
    outputs: {},
    parameters: {},
  }
  const deps = {
    ...stepDeps(f, oneStack(stack, [], pending)),
    now: () => new Date('2026-01-01T01:00:00Z'),
  }
  const input = {
    projectId: cluster.project_id,
    clusterUuid: cluster.uuid,
    operationId: op.id,
    kind: op.kind,
    nodegroupUuid: op.nodegroup_uuid,
  }
  const result = await pollStacks(deps, input)
  return { ...result, cluster: () => f.clusters.clusters.get(cluster.uuid) }
}

describe('Function: pollStacks', () => {
  const past = new Date('2026-01-01T00:30:00Z')
  const future = new Date('2026-01-01T02:00:00Z')

  it('fails a stack still in progress past the deadline, marked as timed out', async () => {
    const r = await setup('CREATE_IN_PROGRESS', past)
    expect(r).toMatchObject({ state: 'FAILED', timedOut: true })
    expect(r.reason).toMatch(/^Timed out after 60 minutes: k8s-1-abc is CREATE_IN_PROGRESS\.$/)
  })

  it('names what Heat is still on when it times out: three resources, and how many more', async () => {
    const router = { name: 'router', type: 'OS::Neutron::Router', status: 'DELETE_IN_PROGRESS' }
    const one = await setup('CREATE_IN_PROGRESS', past, false, [router])
    expect(one.reason).toBe(
      'Timed out after 60 minutes: k8s-1-abc is CREATE_IN_PROGRESS, waiting on router ' +
        '(OS::Neutron::Router) DELETE_IN_PROGRESS.'
    )
    const many = await setup(
      'CREATE_IN_PROGRESS',
      past,
      false,
      ['a', 'b', 'c', 'd', 'e'].map((name) => ({ ...router, name }))
    )
    expect(many.reason).toMatch(
      /waiting on a \(\S+\) \S+, b \(\S+\) \S+, c \(\S+\) \S+ and 2 more\.$/
    )
  })

  it('says what Heat is still on once an operation has run long, at most once a period', async () => {
    // The poll is at 01:00; the operation started at 00:00; the period is ten minutes.
    const router = { name: 'router', type: 'OS::Neutron::Router', status: 'CREATE_IN_PROGRESS' }
    const quiet = await setup('CREATE_IN_PROGRESS', future, false, [router])
    expect(quiet).toMatchObject({ state: 'IN_PROGRESS' })
    expect(quiet.cluster()).toMatchObject({
      status: 'CREATE_IN_PROGRESS',
      status_reason:
        'Still in progress after 60 minutes: k8s-1-abc is CREATE_IN_PROGRESS, waiting on ' +
        'router (OS::Neutron::Router) CREATE_IN_PROGRESS.',
      updated_at: '2026-01-01T01:00:00.000Z',
    })
    const reported = await setup(
      'CREATE_IN_PROGRESS',
      future,
      false,
      [router],
      '2026-01-01T00:55:00Z'
    )
    expect(reported.cluster()?.status_reason).toBeNull()
  })

  it('does not mark Heat’s own failure, nor a stack still in time, as timed out', async () => {
    const failed = await setup('CREATE_FAILED', past)
    expect(failed).toMatchObject({ state: 'FAILED', reason: expect.stringContaining('No valid') })
    expect(failed).not.toHaveProperty('timedOut')
    expect(await setup('CREATE_IN_PROGRESS', future)).toMatchObject({
      state: 'IN_PROGRESS',
      wait: 2,
      attempt: 1,
    })
  })

  it('shows a rollback Heat is running as ROLLBACK_IN_PROGRESS, with its reason', async () => {
    const r = await setup('ROLLBACK_IN_PROGRESS', future, true)
    expect(r).toMatchObject({ state: 'IN_PROGRESS' })
    expect(r.cluster()).toMatchObject({
      status: 'ROLLBACK_IN_PROGRESS',
      status_reason: 'Stack k8s-1-abc ROLLBACK_IN_PROGRESS: Resource CREATE failed: No valid host',
    })
    // The operation goes on: the final poll ends it as ROLLBACK_COMPLETE or ROLLBACK_FAILED.
    expect(r.cluster()?.operation?.kind).toBe('cluster-update')
  })

  it('leaves the status alone while the update itself runs', async () => {
    const r = await setup('UPDATE_IN_PROGRESS', future, true)
    expect(r.cluster()?.status).toBe('UPDATE_IN_PROGRESS')
  })
})
