import { randomUUID } from 'node:crypto'
import { appendQuietly, workflowAuditRecord } from '../audit/events'
import type { Cluster, ClusterAggregate, StoredNodeGroup } from '../clusters/model'
import { type ClusterStatus, isInProgress } from '../clusters/status'
import { isCredentialRotation, retirePreviousCredential } from '../credentials-rotation/push'
import type { WorkflowInput } from '../ports/orchestrator'
import { loadForStep, openStep, type StepContext, templateOf } from './context'
import type { OpenStepDeps, StepDeps } from './deps'
import { ClusterGoneError, SupersededError } from './errors'
import { VERB_OF } from './heat-status'
import { paramsOf, UpdateParams, UpgradeParams } from './params'
import { stackOfNodeGroup } from './start-stacks'

const status = (s: string) => s as ClusterStatus

/** What the end of an operation may also use: the audit trail and (rotations) Keystone. */
type EndDeps = Partial<StepDeps<'audit' | 'warn' | 'credentials'>>

/** Records the end of an operation in the audit trail, as Magnum notifies *_COMPLETE/*_FAILED. */
const recordEnd = (
  deps: EndDeps & StepDeps<'now'>,
  input: WorkflowInput,
  cluster: Cluster,
  nodegroups: readonly StoredNodeGroup[],
  end: { outcome: 'success' | 'failure'; status: string; reason?: string | null }
) => {
  const ng = input.kind.startsWith('nodegroup-')
    ? nodegroups.find((n) => n.uuid === input.nodegroupUuid)
    : undefined
  const record = workflowAuditRecord(
    { kind: input.kind, operationId: input.operationId, cluster, nodegroup: ng, ...end },
    deps.now(),
    randomUUID
  )
  return appendQuietly(deps.audit, record, deps.warn)
}

/** Which nodegroups an operation is about. */
const touched = (a: ClusterAggregate, input: WorkflowInput): StoredNodeGroup[] => {
  const op = a.cluster.operation
  switch (input.kind) {
    case 'cluster-create':
    case 'cluster-delete':
      return a.nodegroups
    case 'cluster-update':
      return a.nodegroups.filter((n) => op && n.uuid === paramsOf(UpdateParams, op).nodegroup_uuid)
    case 'cluster-upgrade':
      return a.nodegroups.filter((n) => op && n.uuid === paramsOf(UpgradeParams, op).nodegroup_uuid)
    default:
      return a.nodegroups.filter((n) => n.uuid === input.nodegroupUuid)
  }
}

/**
 * Addresses of nodegroups living in stacks of their own (non-default ones): the cluster's stack
 * knows nothing of their servers, so each own stack is read, as Magnum's poller does per nodegroup.
 */
const ownStackAddresses = async (
  step: StepContext,
  a: ClusterAggregate,
  nodegroups: StoredNodeGroup[]
): Promise<Map<string, string[]>> => {
  const found = new Map<string, string[]>()
  for (const n of nodegroups) {
    const id = stackOfNodeGroup(a, n)
    if (!id || id === a.cluster.stack_id) continue
    const stack = await step.cloud.stacks.get(id)
    const addresses = stack
      ? step.driver.readOutputs(step.render, stack).node_addresses[n.name]
      : undefined
    if (addresses) found.set(n.uuid, addresses)
  }
  return found
}

/**
 * The operation finished: read the stack's outputs through the driver and write the cluster's
 * final state (Magnum's poller: addresses, versions, COMPLETE statuses), clearing the operation.
 * `startedAt` (the operation's start) is for the Lambda's WorkflowOutcome metric.
 */
export const completeOperation = async (
  deps: OpenStepDeps & StepDeps<'now'> & EndDeps,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  const op = a.cluster.operation
  const now = deps.now().toISOString()
  const verb = VERB_OF[input.kind]
  if (input.kind === 'nodegroup-delete') {
    const ng = a.nodegroups.find((n) => n.uuid === input.nodegroupUuid)
    if (ng) await deps.clusters.deleteNodeGroup(ng)
    const rest = await deps.clusters.get(
      { projectId: input.projectId, allProjects: false },
      input.clusterUuid
    )
    if (!rest) throw new ClusterGoneError(input.clusterUuid)
    await deps.clusters.save(
      {
        ...rest.cluster,
        status: status('UPDATE_COMPLETE'),
        status_reason: null,
        operation: null,
        updated_at: now,
      },
      [],
      [a.cluster.status]
    )
    await recordEnd(deps, input, a.cluster, a.nodegroups, {
      outcome: 'success',
      status: 'DELETE_COMPLETE',
    })
    return { status: 'UPDATE_COMPLETE', startedAt: op?.started_at }
  }
  const step = await openStep(deps, a)
  const stackId = a.cluster.stack_id
  const stack = stackId ? await step.cloud.stacks.get(stackId) : undefined
  const outputs = stack ? step.driver.readOutputs(step.render, stack) : undefined
  const mine = new Set(touched(a, input).map((n) => n.uuid))
  const own = await ownStackAddresses(
    step,
    a,
    a.nodegroups.filter((n) => mine.has(n.uuid))
  )
  let cluster = { ...a.cluster }
  const nodegroups = a.nodegroups
    .filter(
      (n) =>
        mine.has(n.uuid) ||
        (outputs?.node_addresses[n.name] !== undefined && stackOfNodeGroup(a, n) === stackId)
    )
    .map((n) => {
      const next = { ...n, updated_at: now }
      if (mine.has(n.uuid)) {
        next.status = status(`${verb}_COMPLETE`)
        next.status_reason = null
      }
      const addresses = own.get(n.uuid) ?? outputs?.node_addresses[n.name]
      if (addresses) next.node_addresses = addresses
      return next
    })
  if (input.kind === 'cluster-update' && op) {
    const p = paramsOf(UpdateParams, op)
    for (const n of nodegroups) if (n.uuid === p.nodegroup_uuid) n.node_count = p.node_count
  }
  if (input.kind === 'cluster-upgrade' && op) {
    const p = paramsOf(UpgradeParams, op)
    const target = await templateOf(deps, a, p.cluster_template_uuid)
    for (const n of nodegroups)
      if (n.uuid === p.nodegroup_uuid) n.version = outputs?.coe_version ?? n.version
    if (nodegroups.some((n) => n.uuid === p.nodegroup_uuid && n.is_default)) {
      cluster = {
        ...cluster,
        cluster_template_id: target.uuid,
        cluster_template_project_id: target.project_id,
        labels: { ...target.labels },
      }
    }
  }
  if (op && isCredentialRotation(op.params) && deps.credentials) {
    // The stacks have the new credential: the one it replaced may go now.
    cluster = await retirePreviousCredential(deps.credentials, cluster)
  }
  const final = input.kind === 'cluster-create' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE'
  await deps.clusters.save(
    {
      ...cluster,
      status: status(final),
      status_reason: stack?.reason ?? null,
      faults: {},
      operation: null,
      updated_at: now,
      ...(outputs
        ? {
            api_address: outputs.api_address ?? cluster.api_address,
            master_addresses: outputs.master_addresses,
            node_addresses:
              outputs.node_addresses[
                nodegroups.find((n) => n.is_default && n.role !== 'master')?.name ?? ''
              ] ?? cluster.node_addresses,
            coe_version: outputs.coe_version ?? cluster.coe_version,
            container_version: outputs.container_version ?? cluster.container_version,
          }
        : {}),
    },
    nodegroups,
    [a.cluster.status]
  )
  await recordEnd(deps, input, cluster, nodegroups, { outcome: 'success', status: final })
  return { status: final, startedAt: op?.started_at }
}

/** A Step Functions error as it arrives in a Catch: locally Cause is the message, on AWS a JSON document. */
export interface CaughtError {
  Error?: string
  Cause?: string
}

export const causeOf = (e: CaughtError): string => {
  const cause = e.Cause ?? ''
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown }
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage
  } catch {
    // Not JSON: the local runner passes the message as is.
  }
  return cause || e.Error || 'unknown error'
}

/**
 * The operation failed: the terminal *_FAILED status with the real cause in status_reason and
 * `faults`. Never clobbers a cluster that has moved on to another operation. `recorded` says
 * whether this ended the operation (for the WorkflowOutcome metric, with `startedAt`).
 */
export const recordFailure = async (
  deps: StepDeps<'clusters' | 'now'> & EndDeps,
  input: WorkflowInput & {
    error?: CaughtError | null
    poll?: { reason?: string; timedOut?: boolean; stackStatus?: string } | null
  }
) => {
  let a: ClusterAggregate
  try {
    a = await loadForStep(deps, input)
  } catch (e) {
    if (e instanceof SupersededError || e instanceof ClusterGoneError) return { recorded: false }
    throw e
  }
  if (!isInProgress(a.cluster.status)) return { recorded: false }
  const reason = input.poll?.reason ?? (input.error ? causeOf(input.error) : 'the operation failed')
  const verb = VERB_OF[input.kind]
  const failedNodegroups = touched(a, input)
  const now = deps.now().toISOString()
  // An update Heat rolled back (PATCH ?rollback=True) shows as Magnum shows it: the stack's
  // ROLLBACK_COMPLETE (from which the cluster may be updated again) or ROLLBACK_FAILED.
  const rolledBack =
    (input.kind === 'cluster-update' || input.kind === 'cluster-upgrade') &&
    /^ROLLBACK_(COMPLETE|FAILED)$/.test(input.poll?.stackStatus ?? '')
      ? input.poll?.stackStatus
      : undefined
  const clusterStatus =
    rolledBack ?? (input.kind.startsWith('nodegroup-') ? 'UPDATE_FAILED' : `${verb}_FAILED`)
  const op = a.cluster.operation
  const previousCount =
    input.kind === 'cluster-update' && op
      ? paramsOf(UpdateParams, op).previous_node_count
      : undefined
  await deps.clusters.save(
    {
      ...a.cluster,
      status: status(clusterStatus),
      status_reason: reason,
      faults: Object.fromEntries(failedNodegroups.map((n) => [n.name, reason])),
      operation: null,
      updated_at: now,
    },
    failedNodegroups.map((n) => ({
      ...n,
      status: status(rolledBack ?? `${verb}_FAILED`),
      status_reason: reason,
      // A failed resize keeps the count the nodegroup had, as Magnum restores it.
      node_count: previousCount ?? n.node_count,
      updated_at: now,
    })),
    [a.cluster.status]
  )
  await recordEnd(deps, input, a.cluster, failedNodegroups, {
    outcome: 'failure',
    status: clusterStatus,
    reason,
  })
  return { recorded: true, status: clusterStatus, reason, startedAt: op?.started_at }
}
