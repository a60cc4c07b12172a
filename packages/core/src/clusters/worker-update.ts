import { InvalidError } from '../errors'
import type { ClusterDeps } from './deps'
import { assertCanStart } from './gates'
import { type ClusterAggregate, defaultWorker } from './model'
import { beginOperation, newOperation } from './operation'
import { ClusterStatus, COMPLETE_STATUSES } from './status'

/**
 * Starts the update workflow on the default worker nodegroup at `nodeCount`: what PATCH
 * node_count asks for, and what a CA rotation runs with the count unchanged (`params` marks
 * the rotation). `a.cluster` is written as given, with the operation.
 */
export const beginWorkerUpdate = (
  deps: ClusterDeps,
  a: ClusterAggregate,
  update: {
    /** Absent: the worker's current count. */
    nodeCount?: number
    rollback: boolean
    params?: Record<string, unknown>
  }
): Promise<ClusterAggregate> => {
  assertCanStart('update', a.cluster)
  const worker = defaultWorker(a)
  if (!worker) throw new InvalidError(`Cluster ${a.cluster.name} has no default worker nodegroup.`)
  const now = deps.now().toISOString()
  const nodeCount = update.nodeCount ?? worker.node_count
  const operation = newOperation(deps, a.cluster.uuid, {
    kind: 'cluster-update',
    nodegroupUuid: worker.uuid,
    params: {
      nodegroup_uuid: worker.uuid,
      node_count: nodeCount,
      nodes_to_remove: [],
      rollback: update.rollback,
      previous_node_count: worker.node_count,
      ...update.params,
    },
  })
  const ng = {
    ...worker,
    node_count: nodeCount,
    status: ClusterStatus.UpdateInProgress,
    status_reason: null,
    updated_at: now,
  }
  return beginOperation(deps, a, {
    operation,
    status: ClusterStatus.UpdateInProgress,
    nodegroups: [ng],
    from: COMPLETE_STATUSES,
    now,
  })
}
