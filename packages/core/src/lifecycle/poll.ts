import type { ClusterAggregate } from '../clusters/model'
import { ClusterStatus } from '../clusters/status'
import { credentialStacksOf, isCredentialRotation } from '../credentials-rotation/push'
import { ConcurrentUpdateError } from '../errors'
import type { DriverDescriptor } from '../ports/drivers'
import type { WorkflowInput } from '../ports/orchestrator'
import type { StackPort, StackState } from '../ports/stacks'
import { loadForStep, openStep } from './context'
import type { OpenStepDeps, StepDeps } from './deps'
import { combineProgress, nextPollSeconds, type StackProgress, stackProgress } from './heat-status'
import { paramsOf, UpdateParams, UpgradeParams } from './params'
import { stackOfNodeGroup } from './start-stacks'

export interface PollState {
  attempt: number
}

export interface PollResult {
  state: StackProgress
  /** Seconds the state machine waits before polling again. */
  wait: number
  attempt: number
  /** Why the operation failed: Heat's own reason, or the timeout. */
  reason?: string
  /** The operation failed because it ran past its deadline (a WorkflowOutcome of timed_out). */
  timedOut?: true
  /** Heat's status of the stack that failed, e.g. ROLLBACK_COMPLETE for an update it rolled back. */
  stackStatus?: string
}

/** The stacks an operation waits on. */
export const watchedStacks = (a: ClusterAggregate, input: WorkflowInput): string[] => {
  const op = a.cluster.operation
  const byNodeGroup = (uuid: string | null | undefined) => {
    const ng = a.nodegroups.find((n) => n.uuid === uuid)
    return ng ? stackOfNodeGroup(a, ng) : null
  }
  let ids: (string | null)[]
  switch (input.kind) {
    case 'cluster-update':
      // A credential rotation waits on the stacks it handed the credential to.
      ids =
        op && isCredentialRotation(op.params)
          ? credentialStacksOf(op.params)
          : [op ? byNodeGroup(paramsOf(UpdateParams, op).nodegroup_uuid) : a.cluster.stack_id]
      break
    case 'cluster-upgrade':
      ids = [op ? byNodeGroup(paramsOf(UpgradeParams, op).nodegroup_uuid) : a.cluster.stack_id]
      break
    case 'nodegroup-create':
    case 'nodegroup-update':
    case 'nodegroup-delete':
      ids = [byNodeGroup(input.nodegroupUuid)]
      break
    case 'cluster-delete':
      ids = [
        a.cluster.stack_id,
        ...a.nodegroups.filter((n) => !n.is_default).map((n) => n.stack_id),
      ]
      break
    default:
      ids = [a.cluster.stack_id]
  }
  return ids.filter((i): i is string => i !== null)
}

/**
 * One look at the operation's stacks. Heat's stack_status_reason is kept as the failure
 * reason (it names the resource and the cloud's own error, e.g. Nova's "No valid host"); an
 * operation past its deadline fails here whatever Heat says.
 */
export const pollStacks = async (
  deps: OpenStepDeps<DriverDescriptor> & StepDeps<'now'>,
  input: WorkflowInput & { poll?: PollState | null }
): Promise<PollResult> => {
  const a = await loadForStep(deps, input)
  const attempt = (input.poll?.attempt ?? 0) + 1
  const wait = nextPollSeconds(attempt, deps.settings.maxPollSeconds)
  const ids = watchedStacks(a, input)
  if (ids.length === 0) {
    const rotation = a.cluster.operation && isCredentialRotation(a.cluster.operation.params)
    return input.kind === 'cluster-delete' || rotation
      ? { state: 'COMPLETE', wait, attempt }
      : { state: 'FAILED', wait, attempt, reason: 'the operation has no stack to wait for' }
  }
  const step = await openStep(deps, a)
  const stacks = await Promise.all(ids.map((id) => step.cloud.stacks.get(id)))
  const progress = stacks.map((s) => stackProgress(input.kind, s?.status))
  const state = combineProgress(progress)
  if (state === 'FAILED') {
    const failed = stacks.find((_s, i) => progress[i] === 'FAILED')
    const reason = failed
      ? `Stack ${failed.name} ${failed.status}: ${failed.reason ?? 'no reason given'}`
      : `Stack ${ids[progress.indexOf('FAILED')]} disappeared`
    return { state, wait, attempt, reason, stackStatus: failed?.status }
  }
  const op = a.cluster.operation
  if (state === 'IN_PROGRESS' && op && deps.now() > new Date(op.deadline_at)) {
    // A create's bound is the cluster's create_timeout; others run to the operation's own.
    const minutes =
      input.kind === 'cluster-create'
        ? a.cluster.create_timeout || 60
        : Math.round((Date.parse(op.deadline_at) - Date.parse(op.started_at)) / 60_000)
    const pending = await Promise.all(
      stacks.map((s, i) =>
        s && progress[i] === 'IN_PROGRESS' ? stillWorking(step.cloud.stacks, s) : undefined
      )
    )
    const what = pending.filter((p) => p !== undefined).join('; ')
    return {
      state: 'FAILED',
      wait,
      attempt,
      reason: `Timed out after ${minutes} minutes: ${what || 'the stack did not finish'}.`,
      timedOut: true,
    }
  }
  const rolling = stacks.find((s) => s?.status === 'ROLLBACK_IN_PROGRESS')
  if (state === 'IN_PROGRESS' && rolling) await showRollback(deps, a, input, rolling)
  else if (state === 'IN_PROGRESS') {
    const inProgress = stacks.filter((s, i) => s !== undefined && progress[i] === 'IN_PROGRESS')
    await reportProgress(deps, a, step.cloud.stacks, inProgress as StackState[])
  }
  return { state, wait, attempt }
}

/** How many of the resources Heat is still on a timeout's reason names. */
const NAMED_PENDING = 3

/**
 * `<stack> is <status>`, and what Heat is still on inside it: the reason a timed-out
 * operation gives, so that a cloud stuck on one resource (a router whose delete never
 * returns) says which. Heat not answering leaves the stack's status alone.
 */
const stillWorking = async (
  stacks: Pick<StackPort, 'pendingResources'>,
  s: StackState
): Promise<string> => {
  const pending = await stacks.pendingResources(s.id).catch(() => [])
  const named = pending
    .slice(0, NAMED_PENDING)
    .map((r) => `${r.name} (${r.type}) ${r.status}`)
    .join(', ')
  const more = pending.length > NAMED_PENDING ? ` and ${pending.length - NAMED_PENDING} more` : ''
  return `${s.name} is ${s.status}${named ? `, waiting on ${named}${more}` : ''}`
}

/** "42 seconds", "12 minutes": how long an operation has run, as a reason says it. */
const took = (ms: number): string =>
  ms < 60_000 ? `${Math.floor(ms / 1000)} seconds` : `${Math.floor(ms / 60_000)} minutes`

/**
 * An operation that runs long says in status_reason what Heat is still on — the only window a
 * user has onto a stack that is slow or hangs (a router whose delete never returns) — and says
 * it again each period. The cluster's updated_at, which the report sets, paces it. Written
 * over the operation's own status only.
 */
const reportProgress = async (
  deps: StepDeps<'clusters' | 'now'> & { settings: { progressReportSeconds?: number } },
  a: ClusterAggregate,
  stacks: Pick<StackPort, 'pendingResources'>,
  inProgress: StackState[]
) => {
  const op = a.cluster.operation
  const period = (deps.settings.progressReportSeconds ?? 600) * 1000
  const now = deps.now()
  const ran = now.getTime() - Date.parse(op?.started_at ?? now.toISOString())
  const quiet = now.getTime() - Date.parse(a.cluster.updated_at ?? op?.started_at ?? '')
  if (!op || inProgress.length === 0 || ran < period || !(quiet >= period)) return
  const what = (await Promise.all(inProgress.map((s) => stillWorking(stacks, s)))).join('; ')
  try {
    await deps.clusters.save(
      {
        ...a.cluster,
        status_reason: `Still in progress after ${took(ran)}: ${what}.`,
        updated_at: now.toISOString(),
      },
      [],
      [a.cluster.status]
    )
  } catch (e) {
    // Another writer moved the cluster on; the next poll reads it afresh.
    if (!(e instanceof ConcurrentUpdateError)) throw e
  }
}

/**
 * Heat is undoing a failed update (PATCH ?rollback=True): the cluster says so, as Magnum's
 * does by mirroring the stack, rather than UPDATE_IN_PROGRESS until the rollback ends. Written
 * once, on the first poll that sees it, and only over the operation's own UPDATE_IN_PROGRESS.
 */
const showRollback = async (
  deps: StepDeps<'clusters' | 'now'>,
  a: ClusterAggregate,
  input: WorkflowInput,
  stack: StackState
) => {
  const update = input.kind === 'cluster-update' || input.kind === 'cluster-upgrade'
  if (!update || a.cluster.status !== ClusterStatus.UpdateInProgress) return
  const reason = `Stack ${stack.name} ROLLBACK_IN_PROGRESS: ${stack.reason ?? 'no reason given'}`
  try {
    await deps.clusters.save(
      {
        ...a.cluster,
        status: ClusterStatus.RollbackInProgress,
        status_reason: reason,
        updated_at: deps.now().toISOString(),
      },
      [],
      [ClusterStatus.UpdateInProgress]
    )
  } catch (e) {
    // Another writer moved the cluster on; the next poll reads it afresh.
    if (!(e instanceof ConcurrentUpdateError)) throw e
  }
}
