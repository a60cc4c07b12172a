import { InvalidError } from '../errors'
import type { StoredCluster } from './model'
import {
  ALL_STATUSES,
  type ClusterStatus,
  COMPLETE_STATUSES,
  isInProgress,
  NODEGROUP_OPERABLE_STATUSES,
  RESIZABLE_STATUSES,
} from './status'

/** The operations the API starts, each gated on the cluster's status as Magnum's conductor does. */
export const CLUSTER_ACTIONS = [
  'update',
  'resize',
  'upgrade',
  'delete',
  'nodegroup-create',
  'nodegroup-update',
  'nodegroup-delete',
] as const
export type ClusterAction = (typeof CLUSTER_ACTIONS)[number]

/** Delete is accepted in any status: a failed or stuck cluster can always be deleted. */
export const GATES: Record<ClusterAction, ReadonlySet<ClusterStatus>> = {
  update: COMPLETE_STATUSES,
  resize: RESIZABLE_STATUSES,
  upgrade: COMPLETE_STATUSES,
  delete: new Set(ALL_STATUSES),
  'nodegroup-create': NODEGROUP_OPERABLE_STATUSES,
  'nodegroup-update': NODEGROUP_OPERABLE_STATUSES,
  'nodegroup-delete': NODEGROUP_OPERABLE_STATUSES,
}

const GERUND: Record<ClusterAction, string> = {
  update: 'Updating a cluster',
  resize: 'Resizing a cluster',
  upgrade: 'Upgrading a cluster',
  delete: 'Deleting a cluster',
  'nodegroup-create': 'Creating a nodegroup',
  'nodegroup-update': 'Updating a nodegroup',
  'nodegroup-delete': 'Deleting a nodegroup',
}

export const allows = (action: ClusterAction, status: ClusterStatus): boolean =>
  GATES[action].has(status)

/** Magnum's NotSupported (400): `Resizing a cluster when status is "CREATE_FAILED" is not supported.` */
export const assertAllowed = (action: ClusterAction, status: ClusterStatus): void => {
  if (!allows(action, status)) {
    throw new InvalidError(`${GERUND[action]} when status is "${status}" is not supported.`)
  }
}

/**
 * A cluster carries one operation at a time: a workflow running for it is refused a second
 * one (Magnum's OperationInProgress, 400), except delete, which supersedes whatever runs.
 */
export const assertNoOperation = (cluster: StoredCluster): void => {
  if (cluster.operation !== null && isInProgress(cluster.status)) {
    throw new InvalidError(`Cluster ${cluster.name} already has an operation in progress.`)
  }
}

/** Both checks, in the order Magnum's conductor meets them. */
export const assertCanStart = (action: ClusterAction, cluster: StoredCluster): void => {
  assertAllowed(action, cluster.status)
  if (action !== 'delete') assertNoOperation(cluster)
}
