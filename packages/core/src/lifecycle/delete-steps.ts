import { randomUUID } from 'node:crypto'
import { appendQuietly, workflowAuditRecord } from '../audit/events'
import type { ClusterAggregate } from '../clusters/model'
import type { DriverDescriptor } from '../ports/drivers'
import type { WorkflowInput } from '../ports/orchestrator'
import type { StackPort } from '../ports/stacks'
import { loadForStep, openStep } from './context'
import type { OpenStepDeps, StepDeps } from './deps'

/** The in-cluster cloud provider names its load balancers "Kubernetes … from cluster <uuid>". */
export const providerLoadBalancerPattern = (clusterUuid: string): RegExp =>
  new RegExp(`^Kubernetes .+ from cluster ${clusterUuid.replace(/[^0-9a-fA-F-]/g, '')}$`)

/**
 * Before the stack goes: load balancers and floating IPs the cluster's own cloud provider
 * created (Heat does not know them, and they would block the network's deletion).
 */
export const cleanupClusterResources = async (
  deps: OpenStepDeps<DriverDescriptor>,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  // No credential means the create never reached the cloud: nothing of ours is there.
  if (!a.cluster.credential || !a.cluster.stack_id) return { loadBalancers: 0, floatingIps: 0 }
  const { cloud } = await openStep(deps, a)
  let loadBalancers = 0
  if (cloud.loadBalancers) {
    const lbs = await cloud.loadBalancers.listByDescription(
      providerLoadBalancerPattern(a.cluster.uuid)
    )
    for (const lb of lbs) await cloud.loadBalancers.delete(lb.id)
    loadBalancers = lbs.length
  }
  const fips = await cloud.floatingIps.listForCluster(a.cluster.uuid)
  for (const fip of fips) await cloud.floatingIps.delete(fip.id)
  return { loadBalancers, floatingIps: fips.length }
}

/**
 * Asks Heat to delete a stack unless a resumed workflow finds Heat already deleting it: a
 * second DELETE makes Heat cancel the delete under way and start over, so a resume every
 * reconcile interval would keep a slow delete from ever finishing. A new delete operation (a
 * user deleting again) still sends it, which is how a stuck Heat delete is retried.
 * Returns whether the DELETE was sent.
 */
export const sendStackDelete = async (
  stacks: Pick<StackPort, 'get' | 'delete'>,
  a: ClusterAggregate,
  id: string
): Promise<boolean> => {
  const resumed = (a.cluster.operation?.resumes ?? 0) > 0
  if (resumed && (await stacks.get(id))?.status === 'DELETE_IN_PROGRESS') return false
  await stacks.delete(id)
  return true
}

/** Deletes the nodegroups' own stacks and the cluster's stack; Heat 404 means gone. */
export const deleteClusterStacks = async (
  deps: OpenStepDeps<DriverDescriptor>,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  const ids = [
    ...a.nodegroups.filter((n) => !n.is_default && n.stack_id).map((n) => n.stack_id as string),
    ...(a.cluster.stack_id ? [a.cluster.stack_id] : []),
  ]
  if (ids.length === 0 || !a.cluster.credential) return { deleted: 0, underway: 0 }
  const { cloud } = await openStep(deps, a)
  let deleted = 0
  for (const id of ids) if (await sendStackDelete(cloud.stacks, a, id)) deleted++
  return { deleted, underway: ids.length - deleted }
}

/** Removes the cluster's application credential (Berth's service account may remove any). */
export const revokeClusterCredential = async (
  deps: StepDeps<'clusters' | 'credentials'>,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  // A rotation's or a teammate's delete's replaced credential goes too.
  const held = [a.cluster.credential, a.cluster.previous_credential].filter((c) => !!c)
  for (const c of held) await deps.credentials.revoke(c.user_id, c.id, c.trust_id ?? undefined)
  return { revoked: held.length > 0 }
}

/**
 * Last step of a delete: the record, its nodegroups, its template reference and quota usage go.
 * `startedAt` (the operation's start) is for the Lambda's WorkflowOutcome metric.
 */
export const removeCluster = async (
  deps: StepDeps<'clusters'> & Partial<StepDeps<'audit' | 'now' | 'warn'>>,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  await deps.clusters.delete(a)
  const change = {
    kind: input.kind,
    operationId: input.operationId,
    cluster: a.cluster,
    outcome: 'success' as const,
    status: 'DELETE_COMPLETE',
  }
  const now = deps.now?.() ?? new Date()
  await appendQuietly(deps.audit, workflowAuditRecord(change, now, randomUUID), deps.warn)
  return { removed: true, startedAt: a.cluster.operation?.started_at }
}
