import { InvalidError } from '../errors'
import type { Principal } from '../principal'
import { ZERO_NODES_UNSUPPORTED } from './create'
import type { ClusterDeps } from './deps'
import { assertCanStart } from './gates'
import type { ResizeInput } from './input'
import { findCluster, findNodeGroup, scopeOf, targetOf } from './lookup'
import { type ClusterAggregate, defaultWorker, type StoredNodeGroup } from './model'
import { beginOperation, newOperation } from './operation'
import { retryOnRace } from './retry'
import { ClusterStatus, RESIZABLE_STATUSES } from './status'

const py = (v: number | null): string => (v === null ? 'None' : String(v))

/**
 * Magnum's NGResizeOutBounds. A max_node_count of 0 counts as "no maximum", as in Magnum
 * (`if nodegroup.max_node_count and …`).
 */
export const checkResizeBounds = (ng: StoredNodeGroup, count: number): void => {
  if (ng.min_node_count > count || (ng.max_node_count && ng.max_node_count < count)) {
    throw new InvalidError(
      `Resizing ${ng.name} outside the allowed range: min_node_count = ${ng.min_node_count}, max_node_count = ${py(ng.max_node_count)}`
    )
  }
}

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  input: ResizeInput,
  allowZeroNodes: boolean
): Promise<ClusterAggregate> => {
  const scope = scopeOf(deps.policy, principal, 'cluster:update_all_projects')
  const a = await findCluster(deps.clusters, scope, ident)
  deps.policy.enforce('cluster:resize', principal, targetOf(a))
  if (input.node_count === 0 && !allowZeroNodes) throw new InvalidError(ZERO_NODES_UNSUPPORTED)
  const ng = input.nodegroup ? findNodeGroup(a, input.nodegroup) : defaultWorker(a)
  if (!ng) throw new InvalidError(`Cluster ${a.cluster.name} has no default worker nodegroup.`)
  if (ng.role === 'master') {
    throw new InvalidError('Resizing the master nodegroup is not supported by this driver.')
  }
  checkResizeBounds(ng, input.node_count)
  assertCanStart('resize', a.cluster)
  const now = deps.now().toISOString()
  const operation = newOperation(deps, a.cluster.uuid, {
    kind: 'cluster-update',
    nodegroupUuid: ng.uuid,
    params: {
      nodegroup_uuid: ng.uuid,
      node_count: input.node_count,
      nodes_to_remove: input.nodes_to_remove ?? [],
      rollback: false,
      previous_node_count: ng.node_count,
    },
  })
  return beginOperation(deps, a, {
    operation,
    status: ClusterStatus.UpdateInProgress,
    nodegroups: [
      {
        ...ng,
        node_count: input.node_count,
        status: ClusterStatus.UpdateInProgress,
        status_reason: null,
        updated_at: now,
      },
    ],
    from: RESIZABLE_STATUSES,
    now,
  })
}

/**
 * POST /v1/clusters/{ident}/actions/resize (µ1.7): one worker nodegroup to a new size, removing
 * the named nodes first. What the Kubernetes cluster autoscaler's Magnum provider calls.
 */
export const resizeCluster = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  input: ResizeInput,
  allowZeroNodes: boolean
): Promise<ClusterAggregate> => {
  return retryOnRace(() => attempt(deps, principal, ident, input, allowZeroNodes))
}
