import { InvalidError } from '../../errors'
import type { Principal } from '../../principal'
import type { ClusterDeps } from '../deps'
import { assertCanStart } from '../gates'
import { findCluster, findNodeGroup, scopeOf, targetOf } from '../lookup'
import type { ClusterAggregate } from '../model'
import { beginOperation, newOperation } from '../operation'
import { retryOnRace } from '../retry'
import { ClusterStatus, NODEGROUP_OPERABLE_STATUSES } from '../status'

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  ident: string
): Promise<ClusterAggregate> => {
  const scope = scopeOf(deps.policy, principal, 'nodegroup:delete_all_projects')
  const a = await findCluster(deps.clusters, scope, clusterIdent)
  deps.policy.enforce('nodegroup:delete', principal, targetOf(a))
  const ng = findNodeGroup(a, ident)
  if (ng.is_default) throw new InvalidError('Deleting a default nodegroup is not supported.')
  if (ng.status === ClusterStatus.DeleteInProgress) return a
  assertCanStart('nodegroup-delete', a.cluster)
  const now = deps.now().toISOString()
  const operation = newOperation(deps, a.cluster.uuid, {
    kind: 'nodegroup-delete',
    nodegroupUuid: ng.uuid,
  })
  return beginOperation(deps, a, {
    operation,
    status: ClusterStatus.UpdateInProgress,
    nodegroups: [
      { ...ng, status: ClusterStatus.DeleteInProgress, status_reason: null, updated_at: now },
    ],
    from: NODEGROUP_OPERABLE_STATUSES,
    now,
  })
}

/**
 * DELETE /v1/clusters/{ident}/nodegroups/{ng} (µ1.9): a non-default nodegroup, whatever its own
 * status (a failed one can always go); the workflow removes its stack, then its record.
 */
export const deleteNodeGroup = (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  ident: string
): Promise<ClusterAggregate> => retryOnRace(() => attempt(deps, principal, clusterIdent, ident))
