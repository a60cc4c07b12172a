import * as z from 'zod/mini'
import { InvalidError } from '../errors'
import { applyPatch, changedAttributes, type JsonPatch } from '../json-patch'
import type { Principal } from '../principal'
import { ZERO_NODES_UNSUPPORTED } from './create'
import type { ClusterDeps, ClusterFlavour } from './deps'
import { int } from './input'
import { findCluster, scopeOf, targetOf } from './lookup'
import type { ClusterAggregate, StoredCluster } from './model'
import { clusterAttribute, clusterPatchRules, patchDocument } from './patch-doc'
import { retryOnRace } from './retry'
import { HealthStatus } from './status'
import { beginWorkerUpdate } from './worker-update'

/** What a PATCH may change (magnum/api/validation.py cluster_update_allowed_properties). */
export const PATCHABLE = ['node_count', 'health_status', 'health_status_reason'] as const

const Changes = z.object({
  node_count: int(0),
  health_status: z.nullish(
    z.enum([HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Unknown])
  ),
  health_status_reason: z.nullish(z.record(z.string(), z.string())),
})

export interface PatchOptions {
  /** µ1.3: let Heat roll back a failed update. */
  rollback: boolean
  /** µ1.10: node_count may become 0. */
  allowZeroNodes: boolean
}

/**
 * Applies a PATCH to the API view of a cluster and returns the changed attributes (cluster
 * names, also for bays) with their new values; anything but the patchable three is a 400.
 */
export const patchChanges = (
  a: ClusterAggregate,
  patch: JsonPatch,
  flavour: ClusterFlavour
): { changed: string[]; values: z.output<typeof Changes> } => {
  const before = patchDocument(a, flavour)
  const after = applyPatch(before, patch, clusterPatchRules(flavour))
  const changed = changedAttributes(before, after).map((k) => clusterAttribute(flavour, k))
  const refused = changed.filter((k) => !(PATCHABLE as readonly string[]).includes(k))
  if (refused.length > 0) {
    throw new InvalidError(`cannot change cluster property(ies) ${refused.join(', ')}.`)
  }
  const parsed = Changes.safeParse(after)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new InvalidError(
      `Invalid input for field/attribute ${issue?.path.join('.') ?? ''}. ${issue?.message ?? ''}`.trim()
    )
  }
  // CLIs send "3" for 3: a count that parses to the current one is no change.
  const same = parsed.data.node_count === before.node_count
  return { changed: changed.filter((k) => !(k === 'node_count' && same)), values: parsed.data }
}

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  patch: JsonPatch,
  flavour: ClusterFlavour,
  o: PatchOptions
): Promise<ClusterAggregate> => {
  const scope = scopeOf(deps.policy, principal, 'cluster:update_all_projects')
  const a = await findCluster(deps.clusters, scope, ident)
  deps.policy.enforce(`${flavour.rules}:update`, principal, targetOf(a))
  const { changed, values } = patchChanges(a, patch, flavour)
  if (changed.length === 0) return a
  const now = deps.now().toISOString()
  let cluster: StoredCluster = { ...a.cluster, updated_at: now }
  if (changed.includes('health_status') || changed.includes('health_status_reason')) {
    // Magnum checks this rule against the caller, not the cluster's creator: a cluster's
    // health monitor reports as itself.
    deps.policy.enforce('cluster:update_health_status', principal, {
      project_id: a.cluster.project_id,
      user_id: principal.userId,
    })
    cluster = {
      ...cluster,
      health_status: values.health_status ?? null,
      health_status_reason: values.health_status_reason ?? null,
    }
  }
  if (!changed.includes('node_count')) return deps.clusters.save(cluster)

  if (values.node_count === 0 && !o.allowZeroNodes) throw new InvalidError(ZERO_NODES_UNSUPPORTED)
  return beginWorkerUpdate(
    deps,
    { ...a, cluster },
    { nodeCount: values.node_count, rollback: o.rollback }
  )
}

/**
 * PATCH /v1/clusters/{ident} (and bays): node_count starts an update workflow on the default
 * worker nodegroup; health alone is written at once, with no workflow. Retried on a lost race.
 */
export const updateCluster = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  patch: JsonPatch,
  flavour: ClusterFlavour,
  o: PatchOptions
): Promise<ClusterAggregate> => {
  return retryOnRace(() => attempt(deps, principal, ident, patch, flavour, o))
}
