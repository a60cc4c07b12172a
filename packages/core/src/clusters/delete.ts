import { credentialsForDelete } from '../credentials-rotation/delete'
import type { Principal } from '../principal'
import { revokeQuietly } from './credential'
import type { ClusterDeps, ClusterFlavour } from './deps'
import { findCluster, scopeOf, targetOf } from './lookup'
import type { ClusterAggregate } from './model'
import { launch, newOperation, withSaved } from './operation'
import { retryOnRace } from './retry'
import { ALL_STATUSES, ClusterStatus } from './status'

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  flavour: ClusterFlavour
): Promise<ClusterAggregate> => {
  const scope = scopeOf(deps.policy, principal, 'cluster:delete_all_projects')
  const a = await findCluster(deps.clusters, scope, ident)
  deps.policy.enforce(`${flavour.rules}:delete`, principal, targetOf(a))
  // Asked twice: the delete that is running is the answer.
  if (a.cluster.status === ClusterStatus.DeleteInProgress) return a
  const now = deps.now().toISOString()
  const operation = newOperation(deps, a.cluster.uuid, { kind: 'cluster-delete' })
  // Another member deleting: the workflow runs on their credential, the creator may be gone.
  const credentials = await credentialsForDelete(deps, principal, a.cluster)
  const minted = credentials.credential !== a.cluster.credential ? credentials.credential : null
  let saved: ClusterAggregate
  try {
    saved = await deps.clusters.save(
      {
        ...a.cluster,
        ...credentials,
        status: ClusterStatus.DeleteInProgress,
        status_reason: null,
        operation,
        updated_at: now,
      },
      a.nodegroups.map((n) => ({
        ...n,
        status: ClusterStatus.DeleteInProgress,
        status_reason: null,
        updated_at: now,
      })),
      ALL_STATUSES.filter((s) => s !== ClusterStatus.DeleteInProgress)
    )
  } catch (e) {
    if (minted) {
      const { user_id, id, trust_id } = minted
      await revokeQuietly(deps, user_id, id, a.cluster.uuid, trust_id ?? undefined)
    }
    throw e
  }
  return launch(deps, withSaved(a, saved))
}

/**
 * DELETE /v1/clusters/{ident} (and bays): accepted in any status, so a failed or stuck cluster
 * can always go; it supersedes any running operation (that workflow stops at its next step).
 * The delete workflow removes the records at the end.
 */
export const deleteCluster = (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  flavour: ClusterFlavour
): Promise<ClusterAggregate> => retryOnRace(() => attempt(deps, principal, ident, flavour))
