import { describe, expect, it } from 'vitest'
import { completeCluster, patchNodeCount } from '../clusters/test-support'
import type { WorkflowInput } from '../ports/orchestrator'
import { recordFailure } from './finish'

/** A CREATE_COMPLETE cluster of one node whose PATCH to three nodes is under way. */
const growing = async (rollback: boolean) => {
  const { f, uuid } = await completeCluster({ name: 'c' })
  const a = await patchNodeCount(f, uuid, 3, rollback)
  const op = a.cluster.operation
  if (!op) throw new Error('no operation')
  const input: WorkflowInput = {
    projectId: a.cluster.project_id,
    clusterUuid: uuid,
    operationId: op.id,
    kind: op.kind,
    nodegroupUuid: op.nodegroup_uuid,
  }
  const worker = () =>
    [...f.clusters.nodegroups.values()].find((n) => n.cluster_id === uuid && n.role === 'worker')
  return { f, uuid, input, worker }
}

const failed = (stackStatus: string) => ({
  state: 'FAILED',
  reason: `Stack c-1 ${stackStatus}: Resource UPDATE failed: No valid host was found.`,
  stackStatus,
})

describe('recordFailure', () => {
  it('shows an update Heat rolled back as ROLLBACK_COMPLETE, at the old count, updatable again', async () => {
    const { f, uuid, input, worker } = await growing(true)
    const poll = failed('ROLLBACK_COMPLETE')
    const r = await recordFailure({ clusters: f.clusters, now: f.deps.now }, { ...input, poll })
    expect(r).toMatchObject({ recorded: true, status: 'ROLLBACK_COMPLETE' })
    expect(f.clusters.clusters.get(uuid)).toMatchObject({
      status: 'ROLLBACK_COMPLETE',
      status_reason: poll.reason,
      operation: null,
    })
    expect(worker()).toMatchObject({ status: 'ROLLBACK_COMPLETE', node_count: 1 })
    // Magnum allows an update from ROLLBACK_COMPLETE; UPDATE_FAILED would only allow a resize.
    const again = await patchNodeCount(f, uuid, 2, true)
    expect(again.cluster.status).toBe('UPDATE_IN_PROGRESS')
  })

  it('shows a failed rollback as ROLLBACK_FAILED', async () => {
    const { f, uuid, input, worker } = await growing(true)
    await recordFailure(
      { clusters: f.clusters, now: f.deps.now },
      { ...input, poll: failed('ROLLBACK_FAILED') }
    )
    expect(f.clusters.clusters.get(uuid)?.status).toBe('ROLLBACK_FAILED')
    expect(worker()).toMatchObject({ status: 'ROLLBACK_FAILED', node_count: 1 })
  })

  it('keeps UPDATE_FAILED for an update Heat left failed, and for errors that are no stack status', async () => {
    for (const poll of [failed('UPDATE_FAILED'), null]) {
      const { f, uuid, input, worker } = await growing(false)
      await recordFailure(
        { clusters: f.clusters, now: f.deps.now },
        { ...input, poll, error: poll ? null : { Error: 'Boom', Cause: 'keystone is down' } }
      )
      const c = f.clusters.clusters.get(uuid)
      expect(c?.status).toBe('UPDATE_FAILED')
      expect(c?.status_reason).toBe(poll?.reason ?? 'keystone is down')
      expect(worker()).toMatchObject({ status: 'UPDATE_FAILED', node_count: 1 })
    }
  })
})
