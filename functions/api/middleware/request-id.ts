import { randomUUID } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

export const REQUEST_ID_HEADER = 'X-OpenStack-Request-ID'

/** Gives every request an oslo-style id (`req-<uuid>`), echoed on every response. */
export const requestId = () =>
  createMiddleware<AppEnv>(async function requestId(c, next) {
    const id = `req-${randomUUID()}`
    c.set('requestId', id)
    c.header(REQUEST_ID_HEADER, id)
    await next()
  })
