import type { Authenticator } from '@berth/core/ports/identity'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

const bearer = (authorization: string | undefined): string | undefined => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  return m?.[1]
}

/**
 * Establishes who is calling before any route runs; throws UnauthorizedError (401) otherwise.
 * The token itself is never logged or echoed.
 */
export const identity = (authenticator: Authenticator) =>
  createMiddleware<AppEnv>(async function identity(c, next) {
    const principal = await authenticator.authenticate({
      keystoneToken: c.req.header('X-Auth-Token')?.trim() || undefined,
      bearerToken: bearer(c.req.header('Authorization')),
    })
    c.set('principal', principal)
    await next()
  })
