import type { Context, MiddlewareHandler } from 'hono'
import type { DevCloud } from './context'
import { forbidden } from './http'
import { checkToken, type ValidToken } from './keystone/tokens'

/** Hono variables every authenticated service handler can read: `c.get('caller')`. */
export interface CallerEnv {
  Variables: { caller: ValidToken }
}

export const AUTH_REQUIRED_MESSAGE = 'The request you have made requires authentication.'

/** keystonemiddleware's 401 (what Nova and Neutron answer with); Glance overrides it. */
export const middleware401 = (c: Context, cloud: DevCloud): Response => {
  c.header('WWW-Authenticate', `Keystone uri="${cloud.config.baseUrl()}"`)
  return c.json(
    { error: { code: 401, title: 'Unauthorized', message: AUTH_REQUIRED_MESSAGE } },
    401
  )
}

/**
 * Validates X-Auth-Token like keystonemiddleware in front of a service: a missing, unknown,
 * expired or revoked token is a 401; services (not Keystone) also need a project-scoped token.
 */
export const requireToken = (
  cloud: DevCloud,
  options: {
    requireProject: boolean
    render401?: (c: Context, cloud: DevCloud) => Response
  }
): MiddlewareHandler<CallerEnv> =>
  async function requireTokenMiddleware(c, next) {
    const check = checkToken(cloud, c.req.header('X-Auth-Token'))
    if (!check.ok) return (options.render401 ?? middleware401)(c, cloud)
    if (options.requireProject && check.valid.project === undefined) {
      throw forbidden('A project-scoped token is required.')
    }
    c.set('caller', check.valid)
    await next()
  }

/** The project every scoped service request acts in (set by requireToken). */
export const callerProjectId = (caller: ValidToken): string => caller.project?.id ?? ''
