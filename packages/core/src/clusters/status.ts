/**
 * Cluster and nodegroup statuses: Magnum's ClusterStatus (a copy of Heat's stack states),
 * spelled exactly as Magnum spells them, and the sets its conductor gates operations on.
 */
export const ClusterStatus = {
  CreateInProgress: 'CREATE_IN_PROGRESS',
  CreateFailed: 'CREATE_FAILED',
  CreateComplete: 'CREATE_COMPLETE',
  UpdateInProgress: 'UPDATE_IN_PROGRESS',
  UpdateFailed: 'UPDATE_FAILED',
  UpdateComplete: 'UPDATE_COMPLETE',
  DeleteInProgress: 'DELETE_IN_PROGRESS',
  DeleteFailed: 'DELETE_FAILED',
  DeleteComplete: 'DELETE_COMPLETE',
  ResumeComplete: 'RESUME_COMPLETE',
  ResumeFailed: 'RESUME_FAILED',
  RestoreComplete: 'RESTORE_COMPLETE',
  RollbackInProgress: 'ROLLBACK_IN_PROGRESS',
  RollbackFailed: 'ROLLBACK_FAILED',
  RollbackComplete: 'ROLLBACK_COMPLETE',
  SnapshotComplete: 'SNAPSHOT_COMPLETE',
  CheckComplete: 'CHECK_COMPLETE',
  AdoptComplete: 'ADOPT_COMPLETE',
} as const
export type ClusterStatus = (typeof ClusterStatus)[keyof typeof ClusterStatus]
export const ALL_STATUSES = Object.values(ClusterStatus) as readonly ClusterStatus[]

export const HealthStatus = {
  Healthy: 'HEALTHY',
  Unhealthy: 'UNHEALTHY',
  Unknown: 'UNKNOWN',
} as const
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus]

const S = ClusterStatus
export const FAILED_STATUSES: ReadonlySet<ClusterStatus> = new Set([
  S.CreateFailed,
  S.UpdateFailed,
  S.DeleteFailed,
  S.RollbackFailed,
  S.ResumeFailed,
])
export const IN_PROGRESS_STATUSES: ReadonlySet<ClusterStatus> = new Set([
  S.CreateInProgress,
  S.UpdateInProgress,
  S.DeleteInProgress,
  S.RollbackInProgress,
])
/** The *_COMPLETE family update, upgrade and CA rotation require (conductor allow_update_status). */
export const COMPLETE_STATUSES: ReadonlySet<ClusterStatus> = new Set([
  S.CreateComplete,
  S.UpdateComplete,
  S.ResumeComplete,
  S.RestoreComplete,
  S.RollbackComplete,
  S.SnapshotComplete,
  S.CheckComplete,
  S.AdoptComplete,
])
/** Resize also accepts UPDATE_FAILED and UPDATE_IN_PROGRESS, so autoscalers can retry. */
export const RESIZABLE_STATUSES: ReadonlySet<ClusterStatus> = new Set([
  ...COMPLETE_STATUSES,
  S.UpdateFailed,
  S.UpdateInProgress,
])
/** Nodegroup create/delete: COMPLETE family plus UPDATE_IN_PROGRESS/UPDATE_FAILED. */
export const NODEGROUP_OPERABLE_STATUSES = RESIZABLE_STATUSES

export const isFailed = (s: ClusterStatus): boolean => FAILED_STATUSES.has(s)
export const isInProgress = (s: ClusterStatus): boolean => IN_PROGRESS_STATUSES.has(s)
