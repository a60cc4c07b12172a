import { randomUUID } from 'node:crypto'
import { appendQuietly, workflowAuditRecord } from '../audit/events'
import type { AuditSink } from '../audit/model'
import type { Operation, StoredNodeGroup } from '../clusters/model'
import type { ClusterRepository } from '../clusters/repository'
import { type ClusterStatus, IN_PROGRESS_STATUSES, isInProgress } from '../clusters/status'
import { ConcurrentUpdateError } from '../errors'
import { executionName, type Orchestrator } from '../ports/orchestrator'
import { VERB_OF } from './heat-status'
import { UpdateParams } from './params'

export interface ReconcileDeps {
  clusters: ClusterRepository
  orchestrator: Orchestrator
  now: () => Date
  /** A workflow younger than this may not have registered as running yet. */
  graceSeconds: number
  log?: (message: string, fields: Record<string, unknown>) => void
  /** Where a failed operation is recorded, as the workflow's own failure step records it. */
  audit?: AuditSink
}

export interface ReconcileReport {
  checked: number
  resumed: string[]
  failed: string[]
}

/** A resize that never finished leaves its nodegroup at the count it had, as Magnum restores it. */
const previousCount = (op: Operation | null, n: StoredNodeGroup): number | undefined => {
  if (op?.kind !== 'cluster-update') return undefined
  const p = UpdateParams.safeParse(op.params)
  return p.success && p.data.nodegroup_uuid === n.uuid ? p.data.previous_node_count : undefined
}

/**
 * Finds clusters in *_IN_PROGRESS whose workflow is no longer running (a crash, a lost
 * execution, a failure step that itself failed) and resumes the workflow — its steps are
 * idempotent — or, past the operation's deadline, fails the cluster with a reason. No cluster
 * stays in progress without a running workflow for longer than a reconcile interval plus grace.
 */
export const reconcileClusters = async (deps: ReconcileDeps): Promise<ReconcileReport> => {
  const report: ReconcileReport = { checked: 0, resumed: [], failed: [] }
  const candidates = await deps.clusters.listByStatus([...IN_PROGRESS_STATUSES])
  for (const candidate of candidates) {
    report.checked++
    const scope = { projectId: candidate.cluster.project_id, allProjects: false }
    // The status index can lag: decide on a consistent read of the cluster itself.
    const a = await deps.clusters.get(scope, candidate.cluster.uuid)
    if (!a || !IN_PROGRESS_STATUSES.has(a.cluster.status)) continue
    const op = a.cluster.operation
    const now = deps.now()
    if (op) {
      const startedAt = Date.parse(op.execution_started_at ?? op.started_at)
      if (now.getTime() - startedAt < deps.graceSeconds * 1000) continue
      if (await deps.orchestrator.isRunning(op.execution)) continue
    }
    try {
      if (!op || now > new Date(op.deadline_at)) {
        const verb = op ? VERB_OF[op.kind] : a.cluster.status.split('_')[0]
        const reason = op
          ? `The ${op.kind} workflow stopped and its deadline (${op.deadline_at}) has passed.`
          : 'No workflow was recorded for this operation.'
        // Its nodegroups still in progress fail with it, as the workflow's failure step
        // would have failed them; none is left showing *_IN_PROGRESS for ever.
        const stopped = a.nodegroups.filter((n) => isInProgress(n.status))
        await deps.clusters.save(
          {
            ...a.cluster,
            status: (op?.kind.startsWith('nodegroup-')
              ? 'UPDATE_FAILED'
              : `${verb}_FAILED`) as ClusterStatus,
            status_reason: reason,
            faults: Object.fromEntries(stopped.map((n) => [n.name, reason])),
            operation: null,
            updated_at: now.toISOString(),
          },
          stopped.map((n) => ({
            ...n,
            status: `${n.status.split('_')[0]}_FAILED` as ClusterStatus,
            status_reason: reason,
            node_count: previousCount(op, n) ?? n.node_count,
            updated_at: now.toISOString(),
          })),
          [a.cluster.status]
        )
        report.failed.push(a.cluster.uuid)
        deps.log?.('reconciler failed a stopped operation', { cluster: a.cluster.uuid, reason })
        if (op) {
          const status = op.kind.startsWith('nodegroup-') ? 'UPDATE_FAILED' : `${verb}_FAILED`
          const change = {
            kind: op.kind,
            operationId: op.id,
            cluster: a.cluster,
            outcome: 'failure' as const,
            status,
            reason,
          }
          await appendQuietly(deps.audit, workflowAuditRecord(change, now, randomUUID), deps.log)
        }
        continue
      }
      const resumes = (op.resumes ?? 0) + 1
      const execution = executionName(op.kind, a.cluster.uuid, op.id, resumes)
      await deps.clusters.save(
        {
          ...a.cluster,
          operation: { ...op, resumes, execution, execution_started_at: now.toISOString() },
          updated_at: now.toISOString(),
        },
        [],
        [a.cluster.status]
      )
      await deps.orchestrator.start(execution, {
        projectId: a.cluster.project_id,
        clusterUuid: a.cluster.uuid,
        operationId: op.id,
        kind: op.kind,
        nodegroupUuid: op.nodegroup_uuid,
      })
      report.resumed.push(a.cluster.uuid)
      deps.log?.('reconciler resumed a stopped workflow', { cluster: a.cluster.uuid, execution })
    } catch (e) {
      // Someone else moved the cluster meanwhile: it is no longer ours to fix.
      if (!(e instanceof ConcurrentUpdateError)) throw e
    }
  }
  return report
}
