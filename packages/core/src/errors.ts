/**
 * Domain errors. Each carries a `kind`; the HTTP status for every kind is decided in exactly
 * one place (functions/api/http-errors.ts). Messages are written for the user who made the
 * request: they end up, verbatim, in Magnum's `{"errors": [{title, detail}]}` envelope.
 */

export const ErrorKind = {
  Invalid: 'invalid',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  NotAcceptable: 'not_acceptable',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  MethodNotAllowed: 'method_not_allowed',
  DependencyFailed: 'dependency_failed',
  Unavailable: 'unavailable',
  Internal: 'internal',
} as const
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind]

export class BerthError extends Error {
  readonly kind: ErrorKind
  /** Extra members merged into the wire error object (e.g. min_version for 406). */
  readonly extra: Record<string, unknown> | undefined
  /** Extra response headers (e.g. WWW-Authenticate for 401). */
  readonly headers: Record<string, string> | undefined

  constructor(
    kind: ErrorKind,
    message: string,
    options?: {
      cause?: unknown
      extra?: Record<string, unknown>
      headers?: Record<string, string>
    }
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'BerthError'
    this.kind = kind
    this.extra = options?.extra
    this.headers = options?.headers
  }
}

export class InvalidError extends BerthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorKind.Invalid, message, options)
    this.name = 'InvalidError'
  }
}

export class NotFoundError extends BerthError {
  constructor(message: string) {
    super(ErrorKind.NotFound, message)
    this.name = 'NotFoundError'
  }
}

export class ConflictError extends BerthError {
  constructor(message: string) {
    super(ErrorKind.Conflict, message)
    this.name = 'ConflictError'
  }
}

export class ForbiddenError extends BerthError {
  constructor(message: string) {
    super(ErrorKind.Forbidden, message)
    this.name = 'ForbiddenError'
  }
}

export class UnauthorizedError extends BerthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorKind.Unauthorized, message, {
      ...options,
      headers: { 'WWW-Authenticate': 'Keystone uri="unknown"' },
    })
    this.name = 'UnauthorizedError'
  }
}

/** A dependency (Keystone, Glance, Nova, Neutron, DynamoDB …) failed in a way the caller cannot fix. */
export class DependencyError extends BerthError {
  readonly service: string
  constructor(service: string, message: string, options?: { cause?: unknown }) {
    super(ErrorKind.DependencyFailed, `${service}: ${message}`, options)
    this.name = 'DependencyError'
    this.service = service
  }
}

/** Magnum's `PolicyNotAuthorized`, message kept word for word because scripts grep for it. */
export class PolicyNotAuthorizedError extends ForbiddenError {
  readonly rule: string
  constructor(rule: string) {
    super(`Policy doesn't allow ${rule} to be performed.`)
    this.name = 'PolicyNotAuthorizedError'
    this.rule = rule
  }
}

export const isBerthError = (e: unknown): e is BerthError => e instanceof BerthError

/** The stored record changed between read and write; callers re-read and retry. */
export class ConcurrentUpdateError extends ConflictError {
  constructor(what: string) {
    super(`${what} was modified concurrently, please retry.`)
    this.name = 'ConcurrentUpdateError'
  }
}

/** Magnum's ClusterTemplateReferenced (400). */
export class TemplateReferencedError extends InvalidError {
  constructor(ident: string) {
    super(`ClusterTemplate ${ident} is referenced by one or multiple clusters.`)
    this.name = 'TemplateReferencedError'
  }
}

/** Magnum's ResourceLimitExceeded (403): a quota would be exceeded. */
export class QuotaExceededError extends ForbiddenError {
  /** The quota resource whose limit was hit (`Cluster`, `Node`, `VCPU`), when known. */
  readonly resource: string | undefined
  constructor(message: string, resource?: string) {
    super(message)
    this.name = 'QuotaExceededError'
    this.resource = resource
  }
}
