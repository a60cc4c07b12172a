import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Octavia's (WSME) error document: client errors are `Client` faults, the rest `Server`. */
export const octaviaError = (c: Context, status: ContentfulStatusCode, message: string) =>
  c.json(
    { faultcode: status < 500 ? 'Client' : 'Server', faultstring: message, debuginfo: null },
    status
  )
