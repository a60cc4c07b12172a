import { issueCredential, revokeQuietly } from '../clusters/credential'
import type { ClusterDeps } from '../clusters/deps'
import { assertNoOperation } from '../clusters/gates'
import { findCluster, scopeOf, targetOf } from '../clusters/lookup'
import {
  type ClusterAggregate,
  type ClusterCredential,
  defaultMaster,
  defaultWorker,
} from '../clusters/model'
import { launch, newOperation, withSaved } from '../clusters/operation'
import { retryOnRace } from '../clusters/retry'
import { ClusterStatus, COMPLETE_STATUSES } from '../clusters/status'
import { ForbiddenError, InvalidError } from '../errors'
import type { Principal } from '../principal'
import { CREDENTIAL_ROTATION_PARAM, remintSuffix } from './push'

/** Where a rotation may start: a settled cluster, or one whose last update failed. */
const ROTATABLE: ReadonlySet<string> = new Set([...COMPLETE_STATUSES, ClusterStatus.UpdateFailed])

/**
 * Which credential to keep as `previous_credential` once `fresh` is current: the one the nodes
 * surely had. After a failed rotation that is still the older one, and the credential that
 * rotation minted was never surely delivered, so it is the one to drop.
 */
const retirement = (a: ClusterAggregate) => {
  const current = a.cluster.credential
  const previous = a.cluster.previous_credential ?? null
  return previous
    ? { keep: previous, drop: current }
    : { keep: current, drop: null as ClusterCredential | null }
}

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string
): Promise<ClusterAggregate> => {
  const scope = scopeOf(deps.policy, principal, 'cluster:get_one_all_projects')
  const a = await findCluster(deps.clusters, scope, ident)
  deps.policy.enforce('credential:rotate', principal, targetOf(a))
  const c = a.cluster
  if (principal.projectId !== c.project_id) {
    throw new ForbiddenError(
      `The credential of cluster ${c.uuid} belongs to its project: rotate it with a token scoped to project ${c.project_id}.`
    )
  }
  if (!ROTATABLE.has(c.status)) {
    throw new InvalidError(
      `Rotating the credential of a cluster when status is "${c.status}" is not supported.`
    )
  }
  assertNoOperation(c)
  const fresh = await issueCredential(deps, principal, c, remintSuffix(deps))
  const { keep, drop } = retirement(a)
  const now = deps.now().toISOString()
  const ng = defaultWorker(a) ?? defaultMaster(a)
  try {
    if (!c.stack_id || !ng) {
      // Nothing in the cloud holds the credential yet: swap it and revoke the old one now.
      const saved = await deps.clusters.save(
        { ...c, credential: fresh, previous_credential: null, updated_at: now },
        [],
        [c.status]
      )
      for (const old of [keep, drop]) {
        if (old) await revokeQuietly(deps, old.user_id, old.id, c.uuid, old.trust_id ?? undefined)
      }
      return withSaved(a, saved)
    }
    const operation = newOperation(deps, c.uuid, {
      kind: 'cluster-update',
      nodegroupUuid: ng.uuid,
      params: {
        nodegroup_uuid: ng.uuid,
        node_count: ng.node_count,
        nodes_to_remove: [],
        rollback: false,
        previous_node_count: ng.node_count,
        [CREDENTIAL_ROTATION_PARAM]: true,
      },
    })
    const saved = await deps.clusters.save(
      {
        ...c,
        credential: fresh,
        previous_credential: keep,
        status: ClusterStatus.UpdateInProgress,
        status_reason: null,
        operation,
        updated_at: now,
      },
      [{ ...ng, status: ClusterStatus.UpdateInProgress, status_reason: null, updated_at: now }],
      [c.status]
    )
    if (drop) await revokeQuietly(deps, drop.user_id, drop.id, c.uuid, drop.trust_id ?? undefined)
    return launch(deps, withSaved(a, saved))
  } catch (e) {
    // The fresh credential is in no record: it must not outlive this request.
    await revokeQuietly(deps, fresh.user_id, fresh.id, c.uuid, fresh.trust_id ?? undefined)
    throw e
  }
}

/**
 * PATCH /v1/credentials/{cluster} (µ1.12) → 202 {uuid}: re-mints the cluster's application
 * credential with the caller's token, without a moment in which the cluster holds a revoked
 * one. The new credential is sealed and stored at once (workflows use it from their next
 * step); when the cluster's stacks hold it, an update workflow delivers it to them, and only
 * when that completes is the old one revoked. A project member other than the creator may
 * rotate, so a cluster outlives its creator's membership.
 */
export const rotateCredential = (
  deps: ClusterDeps,
  principal: Principal,
  ident: string
): Promise<ClusterAggregate> => retryOnRace(() => attempt(deps, principal, ident))
