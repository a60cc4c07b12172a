import { CLUSTER_TEMPLATE } from '../cluster-templates/deps'
import { findTemplate } from '../cluster-templates/lookup'
import type { StoredClusterTemplate } from '../cluster-templates/model'
import { ConflictError, InvalidError } from '../errors'
import type { Principal } from '../principal'
import type { ClusterDeps } from './deps'
import { assertCanStart } from './gates'
import type { UpgradeInput } from './input'
import { findCluster, findNodeGroup, scopeOf, targetOf } from './lookup'
import { type ClusterAggregate, defaultWorker, type StoredNodeGroup } from './model'
import { beginOperation, newOperation } from './operation'
import { retryOnRace } from './retry'
import { ClusterStatus, COMPLETE_STATUSES } from './status'

const invalidForUpgrade = (reason: string) =>
  new ConflictError(`Cluster Template is not valid for upgrade: ${reason}`)

const driverName = (deps: ClusterDeps, t: StoredClusterTemplate): string | undefined =>
  deps.drivers.find(
    { serverType: t.server_type, osDistro: t.cluster_distro ?? '', coe: t.coe },
    t.driver ?? undefined
  )?.name

/**
 * Which templates a nodegroup may move to: a non-default nodegroup only follows the cluster's
 * own template (Magnum), and any move stays on the same COE and driver, because a driver can
 * only upgrade the stacks it rendered.
 */
export const checkUpgradeTarget = (
  deps: ClusterDeps,
  a: ClusterAggregate,
  ng: StoredNodeGroup,
  current: StoredClusterTemplate | undefined,
  target: StoredClusterTemplate
): void => {
  if (!ng.is_default && target.uuid !== a.cluster.cluster_template_id) {
    throw invalidForUpgrade(
      `Nodegroup ${ng.name} can be upgraded only to match cluster's template (${current?.name ?? a.cluster.cluster_template_id}).`
    )
  }
  if (!current) return
  if (current.coe !== target.coe) {
    throw invalidForUpgrade(`its coe (${target.coe}) differs from the cluster's (${current.coe}).`)
  }
  const from = driverName(deps, current)
  const to = driverName(deps, target)
  if (to === undefined) {
    throw invalidForUpgrade(
      `Cluster type (${target.server_type}, ${target.cluster_distro ?? 'None'}, ${target.coe}) not supported.`
    )
  }
  if (from !== undefined && from !== to) {
    throw invalidForUpgrade(`it selects driver ${to}, the cluster runs on driver ${from}.`)
  }
}

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  input: UpgradeInput
): Promise<ClusterAggregate> => {
  const scope = scopeOf(deps.policy, principal, 'cluster:upgrade_all_projects')
  const a = await findCluster(deps.clusters, scope, ident)
  deps.policy.enforce('cluster:upgrade', principal, targetOf(a))
  const target = await findTemplate(deps, principal, input.cluster_template, CLUSTER_TEMPLATE)
  const ng = input.nodegroup ? findNodeGroup(a, input.nodegroup) : defaultWorker(a)
  if (!ng) throw new InvalidError(`Cluster ${a.cluster.name} has no default worker nodegroup.`)
  assertCanStart('upgrade', a.cluster)
  const current = await deps.templates.getByUuid(
    { projectId: a.cluster.cluster_template_project_id, allProjects: true },
    a.cluster.cluster_template_id
  )
  checkUpgradeTarget(deps, a, ng, current, target)
  const now = deps.now().toISOString()
  const operation = newOperation(deps, a.cluster.uuid, {
    kind: 'cluster-upgrade',
    nodegroupUuid: ng.uuid,
    params: {
      cluster_template_uuid: target.uuid,
      cluster_template_project_id: target.project_id,
      max_batch_size: input.max_batch_size ?? 1,
      nodegroup_uuid: ng.uuid,
    },
  })
  return beginOperation(deps, a, {
    operation,
    status: ClusterStatus.UpdateInProgress,
    nodegroups: [
      { ...ng, status: ClusterStatus.UpdateInProgress, status_reason: null, updated_at: now },
    ],
    from: COMPLETE_STATUSES,
    now,
  })
}

/** POST /v1/clusters/{ident}/actions/upgrade (µ1.8): a nodegroup to another template's versions. */
export const upgradeCluster = (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  input: UpgradeInput
): Promise<ClusterAggregate> => retryOnRace(() => attempt(deps, principal, ident, input))
