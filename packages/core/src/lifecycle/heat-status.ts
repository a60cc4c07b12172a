import type { OperationKind } from '../clusters/model'

/**
 * How a Heat stack's status reads for the operation Berth is carrying out. Heat reports the
 * last action's state; an operation waits for its own verb to finish.
 */
export type StackProgress = 'IN_PROGRESS' | 'COMPLETE' | 'FAILED'

export const VERB_OF: Record<OperationKind, 'CREATE' | 'UPDATE' | 'DELETE'> = {
  'cluster-create': 'CREATE',
  'cluster-update': 'UPDATE',
  'cluster-upgrade': 'UPDATE',
  'cluster-delete': 'DELETE',
  'nodegroup-create': 'CREATE',
  'nodegroup-update': 'UPDATE',
  'nodegroup-delete': 'DELETE',
}

/**
 * `status` undefined means Heat no longer knows the stack: done for a delete, a failure for
 * anything else. A status of another verb (Heat has not started our action yet) is still in
 * progress; the operation's deadline bounds the wait.
 */
export const stackProgress = (kind: OperationKind, status: string | undefined): StackProgress => {
  const verb = VERB_OF[kind]
  if (status === undefined) return verb === 'DELETE' ? 'COMPLETE' : 'FAILED'
  if (verb === 'DELETE' && status === 'DELETE_COMPLETE') return 'COMPLETE'
  if (status === `${verb}_COMPLETE`) return 'COMPLETE'
  if (status === `${verb}_FAILED`) return 'FAILED'
  // A failed update Heat rolled back is still a failed update.
  if (verb !== 'DELETE' && (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED')) {
    return 'FAILED'
  }
  return 'IN_PROGRESS'
}

/** Several stacks (a cluster's and its nodegroups'): failed beats in progress beats complete. */
export const combineProgress = (all: readonly StackProgress[]): StackProgress =>
  all.includes('FAILED') ? 'FAILED' : all.includes('IN_PROGRESS') ? 'IN_PROGRESS' : 'COMPLETE'

/** Seconds to wait before the next poll: doubling from 1 s, capped, so long waits cost few transitions. */
export const nextPollSeconds = (attempt: number, maxSeconds: number): number =>
  Math.max(1, Math.min(maxSeconds, 2 ** Math.min(attempt, 10)))
