import { describe, expect, it } from 'vitest'
import { deleteCluster } from '../clusters/delete'
import { CLUSTER } from '../clusters/deps'
import { completeCluster, principal } from '../clusters/test-support'
import { deleteClusterStacks } from './delete-steps'
import { oneStack, stepDeps } from './test-support'

/**
 * deleteClusterStacks for demo's cluster, whose stack Heat reports as `heatStatus`, in the
 * delete operation's first execution or (with `resumes`) in one the reconciler started again.
 */
const deleteWith = async (heatStatus: string, resumes: number) => {
  const { f, uuid } = await completeCluster({ extra: { stack_id: 'stack-1' } })
  const { cluster } = await deleteCluster(f.deps, principal('demo'), uuid, CLUSTER)
  const op = cluster.operation
  if (!op) throw new Error('a delete records its operation')
  const stored = f.clusters.clusters.get(uuid)
  if (!stored) throw new Error('the cluster is stored')
  f.clusters.clusters.set(uuid, { ...stored, operation: { ...op, resumes } })
  const sent: string[] = []
  const stack = {
    id: 'stack-1',
    name: 'c1-abc',
    status: heatStatus,
    reason: null,
    outputs: {},
    parameters: {},
  }
  const deps = stepDeps(f, oneStack(stack, sent))
  const input = {
    projectId: cluster.project_id,
    clusterUuid: uuid,
    operationId: op.id,
    kind: op.kind,
    nodegroupUuid: op.nodegroup_uuid,
  }
  const result = await deleteClusterStacks(deps, input)
  return { result, sent }
}

describe('Function: deleteClusterStacks', () => {
  it('sends the delete in the operation’s first execution, whatever Heat is doing', async () => {
    for (const status of ['CREATE_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_FAILED']) {
      const { result, sent } = await deleteWith(status, 0)
      expect(sent, status).toEqual(['stack-1'])
      expect(result).toEqual({ deleted: 1, underway: 0 })
    }
  })

  it('lets a resumed workflow wait on a delete Heat already has under way', async () => {
    const { result, sent } = await deleteWith('DELETE_IN_PROGRESS', 2)
    expect(sent).toEqual([])
    expect(result).toEqual({ deleted: 0, underway: 1 })
  })

  it('has a resumed workflow send the delete again when Heat’s delete failed or never came', async () => {
    for (const status of ['DELETE_FAILED', 'UPDATE_COMPLETE']) {
      const { result, sent } = await deleteWith(status, 1)
      expect(sent, status).toEqual(['stack-1'])
      expect(result).toEqual({ deleted: 1, underway: 0 })
    }
  })
})
