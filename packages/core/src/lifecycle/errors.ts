import { BerthError, ErrorKind } from '../errors'

/**
 * Errors a workflow step throws whose `name` the state machines match in Retry/Catch. Their
 * names are API: stepfunctions/*.asl.json refer to them.
 */
export const WorkflowErrorName = {
  /** The cluster moved on to another operation (e.g. deleted while creating): stop quietly. */
  Superseded: 'Berth.Superseded',
  /** The cluster record is gone. */
  ClusterGone: 'Berth.ClusterGone',
  /** A precondition that retrying cannot fix (no driver, no credential, bad template …). */
  Permanent: 'Berth.Permanent',
} as const

export class SupersededError extends BerthError {
  constructor(clusterUuid: string, operationId: string) {
    super(ErrorKind.Conflict, `cluster ${clusterUuid} is no longer in operation ${operationId}`)
    this.name = WorkflowErrorName.Superseded
  }
}

export class ClusterGoneError extends BerthError {
  constructor(clusterUuid: string) {
    super(ErrorKind.NotFound, `cluster ${clusterUuid} no longer exists`)
    this.name = WorkflowErrorName.ClusterGone
  }
}

export class PermanentStepError extends BerthError {
  constructor(message: string) {
    super(ErrorKind.Invalid, message)
    this.name = WorkflowErrorName.Permanent
  }
}
