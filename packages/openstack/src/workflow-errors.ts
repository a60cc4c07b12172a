import { type BerthError, isBerthError } from '@berth/core/errors'
import { OpenStackError, type OpenStackFailure } from './errors'

/**
 * The `name`s OpenStack failures carry out of a workflow task. Lambda reports a thrown error's
 * `name` as its errorType, and the state machines match these strings in `ErrorEquals`, so
 * they are API: renaming one breaks every stepfunctions/*.asl.json that refers to it.
 *
 * - `OpenStack.Conflict`: 409. Another operation holds the resource (Heat "in progress",
 *   Octavia PENDING_*, a Neutron port or security group still in use). Retry with backoff.
 * - `OpenStack.Transient`: 5xx, 429, timeouts, connection failures, answers that could not be
 *   understood. Retry with backoff.
 * - `OpenStack.Auth`: 401/403. The cluster's credential was rejected or lacks a role; retrying
 *   cannot help. Catch → *_FAILED.
 * - `OpenStack.Client`: any other 4xx (400 bad template, 404 …). The request is wrong; Catch.
 *
 * @example
 * "Retry": [{ "ErrorEquals": ["OpenStack.Conflict", "OpenStack.Transient"], "BackoffRate": 2 }]
 */
export const WORKFLOW_ERROR_NAMES = {
  Conflict: 'OpenStack.Conflict',
  Transient: 'OpenStack.Transient',
  Auth: 'OpenStack.Auth',
  Client: 'OpenStack.Client',
} as const
export type WorkflowErrorName = (typeof WORKFLOW_ERROR_NAMES)[keyof typeof WORKFLOW_ERROR_NAMES]

/** The names worth a Retry block: the same request may succeed later. */
export const RETRYABLE_WORKFLOW_ERRORS: readonly WorkflowErrorName[] = [
  WORKFLOW_ERROR_NAMES.Conflict,
  WORKFLOW_ERROR_NAMES.Transient,
]

const NAMES: ReadonlySet<string> = new Set(Object.values(WORKFLOW_ERROR_NAMES))

/** Which workflow error an OpenStack answer (or the lack of one) is. */
export const classifyFailure = (status: number, failure: OpenStackFailure): WorkflowErrorName => {
  if (failure !== 'http') return WORKFLOW_ERROR_NAMES.Transient
  if (status === 409) return WORKFLOW_ERROR_NAMES.Conflict
  if (status === 401 || status === 403) return WORKFLOW_ERROR_NAMES.Auth
  if (status === 429 || status >= 500) return WORKFLOW_ERROR_NAMES.Transient
  return WORKFLOW_ERROR_NAMES.Client
}

type Init = ConstructorParameters<typeof OpenStackError>[0]

/** 409 from any OpenStack service. */
export class OpenStackConflictError extends OpenStackError {
  constructor(init: Init) {
    super(init)
    this.name = WORKFLOW_ERROR_NAMES.Conflict
  }
}

/** 5xx, 429, timeout, no connection or an unreadable answer. */
export class OpenStackTransientError extends OpenStackError {
  constructor(init: Init) {
    super(init)
    this.name = WORKFLOW_ERROR_NAMES.Transient
  }
}

/** 401 or 403. */
export class OpenStackAuthError extends OpenStackError {
  constructor(init: Init) {
    super(init)
    this.name = WORKFLOW_ERROR_NAMES.Auth
  }
}

/** Any other 4xx. */
export class OpenStackClientError extends OpenStackError {
  constructor(init: Init) {
    super(init)
    this.name = WORKFLOW_ERROR_NAMES.Client
  }
}

const CLASSES = {
  [WORKFLOW_ERROR_NAMES.Conflict]: OpenStackConflictError,
  [WORKFLOW_ERROR_NAMES.Transient]: OpenStackTransientError,
  [WORKFLOW_ERROR_NAMES.Auth]: OpenStackAuthError,
  [WORKFLOW_ERROR_NAMES.Client]: OpenStackClientError,
} as const

/**
 * The OpenStackError subclass for this failure; HttpClient throws nothing else, so every
 * OpenStack failure already carries its workflow name.
 */
export const openStackError = (init: Init): OpenStackError =>
  new CLASSES[classifyFailure(init.status, init.failure)](init)

/** A failure that is not an HTTP answer (Keystone refused a credential, say), named for Step Functions. */
export class WorkflowError extends Error {
  constructor(name: WorkflowErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = name
  }
}

const NAME_OF_KIND: Record<string, WorkflowErrorName> = {
  unauthorized: WORKFLOW_ERROR_NAMES.Auth,
  forbidden: WORKFLOW_ERROR_NAMES.Auth,
  conflict: WORKFLOW_ERROR_NAMES.Conflict,
  dependency_failed: WORKFLOW_ERROR_NAMES.Transient,
  unavailable: WORKFLOW_ERROR_NAMES.Transient,
}

/**
 * What a core error means to a state machine. Its kind decides for refusals (an
 * UnauthorizedError over Keystone's 404 for a deleted credential is still an auth failure);
 * otherwise the innermost cause does ("service account rejected" wrapping a 401 is auth too).
 */
const nameOfCoreError = (e: BerthError): WorkflowErrorName => {
  if (e.kind === 'unauthorized' || e.kind === 'forbidden') return WORKFLOW_ERROR_NAMES.Auth
  if (e.cause instanceof OpenStackError) return classifyFailure(e.cause.status, e.cause.failure)
  if (isBerthError(e.cause)) return nameOfCoreError(e.cause)
  return NAME_OF_KIND[e.kind] ?? WORKFLOW_ERROR_NAMES.Client
}

/**
 * For task handlers: an error whose `name` the state machine can match. OpenStack failures
 * keep their own class; core errors directly wrapping one of the same meaning give it up;
 * other core errors are named by kind or innermost cause (auth, conflict, dependency ⇒
 * transient, the rest ⇒ client). Errors already named for a state machine (`Berth.*`, `OpenStack.*`) and anything
 * else (a bug, a DynamoDB failure) are returned as they are, for their own Catch or the
 * catch-all.
 *
 * @example
 * try { await cloud.stacks.update(id, change) } catch (e) { throw toWorkflowError(e) }
 */
export const toWorkflowError = (e: unknown): unknown => {
  if (e instanceof OpenStackError) {
    return NAMES.has(e.name)
      ? e
      : openStackError({
          service: e.service,
          method: e.method,
          url: e.url,
          status: e.status,
          failure: e.failure,
          detail: e.detail,
          cause: e,
        })
  }
  // Already named for a state machine (ours, or the core's Berth.* lifecycle errors).
  if (e instanceof Error && e.name.includes('.')) return e
  if (!isBerthError(e)) return e
  const name = nameOfCoreError(e)
  if (
    e.cause instanceof OpenStackError &&
    classifyFailure(e.cause.status, e.cause.failure) === name
  ) {
    return toWorkflowError(e.cause)
  }
  return new WorkflowError(name, e.message, { cause: e })
}

/** The workflow name an error would travel under, if it is one of ours. */
export const workflowErrorName = (e: unknown): WorkflowErrorName | undefined => {
  const named = toWorkflowError(e)
  return named instanceof Error && NAMES.has(named.name)
    ? (named.name as WorkflowErrorName)
    : undefined
}
