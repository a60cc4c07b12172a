import { executionName, type WorkflowInput } from '../ports/orchestrator'
import type { ClusterDeps } from './deps'
import type { ClusterAggregate, Operation, OperationKind, StoredNodeGroup } from './model'
import type { ClusterStatus } from './status'

/** Magnum's default create_timeout; other operations get the same bound. */
export const DEFAULT_TIMEOUT_MINUTES = 60

export interface OperationSpec {
  kind: OperationKind
  nodegroupUuid?: string | null
  params?: Record<string, unknown>
  /** Minutes until the workflow gives up; 0 or absent ⇒ the default. */
  timeoutMinutes?: number | null
}

/** A fresh operation: its id makes the execution name, so a retried start never runs twice. */
export const newOperation = (
  deps: Pick<ClusterDeps, 'newUuid' | 'now'>,
  clusterUuid: string,
  spec: OperationSpec,
  now = deps.now()
): Operation => {
  const id = deps.newUuid()
  const minutes = spec.timeoutMinutes || DEFAULT_TIMEOUT_MINUTES
  return {
    id,
    kind: spec.kind,
    execution: executionName(spec.kind, clusterUuid, id),
    started_at: now.toISOString(),
    deadline_at: new Date(now.getTime() + minutes * 60_000).toISOString(),
    nodegroup_uuid: spec.nodegroupUuid ?? null,
    params: spec.params ?? {},
  }
}

const WORKFLOW_NAME: Record<OperationKind, string> = {
  'cluster-create': 'create',
  'cluster-update': 'update',
  'cluster-upgrade': 'upgrade',
  'cluster-delete': 'delete',
  'nodegroup-create': 'nodegroup create',
  'nodegroup-update': 'nodegroup update',
  'nodegroup-delete': 'nodegroup delete',
}

const verbOf = (kind: OperationKind): 'CREATE' | 'UPDATE' | 'DELETE' =>
  kind === 'cluster-create' || kind === 'nodegroup-create'
    ? 'CREATE'
    : kind === 'cluster-delete' || kind === 'nodegroup-delete'
      ? 'DELETE'
      : 'UPDATE'

const touchedBy = (a: ClusterAggregate, op: Operation): StoredNodeGroup[] =>
  op.kind === 'cluster-create' || op.kind === 'cluster-delete'
    ? a.nodegroups
    : a.nodegroups.filter((n) => n.uuid === op.nodegroup_uuid)

/**
 * The records as they must read when a workflow could not even start: the terminal *_FAILED
 * status with the reason, no operation, a resize's previous count restored (as Magnum does
 * when its driver call fails), so nothing is left IN_PROGRESS with nothing running.
 */
export const startFailure = (
  a: ClusterAggregate,
  op: Operation,
  reason: string,
  now: string
): ClusterAggregate => {
  const verb = verbOf(op.kind)
  const clusterVerb = op.kind.startsWith('nodegroup-') ? 'UPDATE' : verb
  const previous = op.params.previous_node_count
  const nodegroups = touchedBy(a, op).map((n) => ({
    ...n,
    status: `${verb}_FAILED` as ClusterStatus,
    status_reason: reason,
    node_count: typeof previous === 'number' ? previous : n.node_count,
    updated_at: now,
  }))
  return {
    cluster: {
      ...a.cluster,
      status: `${clusterVerb}_FAILED` as ClusterStatus,
      status_reason: reason,
      faults: Object.fromEntries(nodegroups.map((n) => [n.name, reason])),
      operation: null,
      updated_at: now,
    },
    nodegroups,
  }
}

/** The aggregate after a save: the written records (with their new versions) over the rest. */
export const withSaved = (before: ClusterAggregate, saved: ClusterAggregate): ClusterAggregate => {
  const written = new Map(saved.nodegroups.map((n) => [n.uuid, n]))
  const kept = before.nodegroups.map((n) => written.get(n.uuid) ?? n)
  const added = saved.nodegroups.filter((n) => !before.nodegroups.some((b) => b.uuid === n.uuid))
  return { cluster: saved.cluster, nodegroups: [...kept, ...added] }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Starts the workflow of the operation `stored` (as just written) carries. When the start
 * fails the cluster is marked failed rather than left waiting for a workflow that never runs;
 * the request still succeeds, since the record exists and tells what happened.
 */
export const launch = async (
  deps: ClusterDeps,
  stored: ClusterAggregate
): Promise<ClusterAggregate> => {
  const op = stored.cluster.operation
  if (!op) return stored
  const input: WorkflowInput = {
    projectId: stored.cluster.project_id,
    clusterUuid: stored.cluster.uuid,
    operationId: op.id,
    kind: op.kind,
    nodegroupUuid: op.nodegroup_uuid,
  }
  try {
    await deps.orchestrator.start(op.execution, input)
    return stored
  } catch (e) {
    const reason = `could not start the ${WORKFLOW_NAME[op.kind]} workflow: ${messageOf(e)}`
    deps.warn?.('workflow start failed', { cluster: stored.cluster.uuid, kind: op.kind, reason })
    const failed = startFailure(stored, op, reason, deps.now().toISOString())
    try {
      const saved = await deps.clusters.save(failed.cluster, failed.nodegroups, [
        stored.cluster.status,
      ])
      return withSaved(stored, saved)
    } catch (saveError) {
      // Someone moved the cluster on meanwhile (a delete): their state wins.
      deps.warn?.('could not record the failed start', {
        cluster: stored.cluster.uuid,
        error: messageOf(saveError),
      })
      return stored
    }
  }
}

/**
 * Writes the start of an operation (the cluster's new status with its operation, the nodegroups
 * it touches) conditional on the cluster being in one of `from`, then starts its workflow.
 */
export const beginOperation = async (
  deps: ClusterDeps,
  a: ClusterAggregate,
  start: {
    operation: Operation
    status: ClusterStatus
    nodegroups: StoredNodeGroup[]
    from: Iterable<ClusterStatus>
    now: string
  }
): Promise<ClusterAggregate> => {
  const saved = await deps.clusters.save(
    {
      ...a.cluster,
      status: start.status,
      status_reason: null,
      operation: start.operation,
      updated_at: start.now,
    },
    start.nodegroups,
    [...start.from]
  )
  return launch(deps, withSaved(a, saved))
}
