import { BerthError, ErrorKind } from '@berth/core/errors'

/** The one place where a domain error kind becomes an HTTP status. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  [ErrorKind.Invalid]: 400,
  [ErrorKind.Unauthorized]: 401,
  [ErrorKind.Forbidden]: 403,
  [ErrorKind.NotFound]: 404,
  [ErrorKind.MethodNotAllowed]: 405,
  [ErrorKind.NotAcceptable]: 406,
  [ErrorKind.Conflict]: 409,
  [ErrorKind.PayloadTooLarge]: 413,
  [ErrorKind.UnsupportedMediaType]: 415,
  [ErrorKind.Internal]: 500,
  [ErrorKind.DependencyFailed]: 503,
  [ErrorKind.Unavailable]: 503,
}

export interface WireError {
  request_id: string
  code: 'client' | 'server' | string
  status: number
  title: string
  detail: string
  links: unknown[]
  [extra: string]: unknown
}

/**
 * Magnum's title is the message up to its first sentence end; cut at ". " (or a final ".")
 * so names containing dots, like images "fedora.x", stay whole.
 */
export const titleOf = (message: string): string => {
  const end = message.indexOf('. ')
  const first = end >= 0 ? message.slice(0, end) : message
  return first.endsWith('.') ? first.slice(0, -1) : first
}

/** Magnum's ParsableErrorMiddleware body: `{"errors": [{request_id, code, status, title, detail, links}]}`. */
export const errorBody = (
  status: number,
  message: string,
  requestId: string,
  extra: Record<string, unknown> = {}
): { errors: WireError[] } => ({
  errors: [
    {
      request_id: requestId,
      code: status >= 500 ? 'server' : 'client',
      status,
      title: titleOf(message),
      detail: message,
      links: [],
      ...extra,
    },
  ],
})

export interface RenderedError {
  status: number
  body: { errors: WireError[] }
  headers: Record<string, string>
}

/** Any thrown value as Magnum would answer it; unknown errors are 500s that reveal nothing. */
export const renderError = (err: unknown, requestId: string): RenderedError => {
  if (err instanceof BerthError) {
    const status = STATUS_BY_KIND[err.kind]
    return {
      status,
      body: errorBody(status, err.message, requestId, err.extra),
      headers: err.headers ?? {},
    }
  }
  return {
    status: 500,
    body: errorBody(
      500,
      'The server has either erred or is incapable of performing the requested operation.',
      requestId
    ),
    headers: {},
  }
}
