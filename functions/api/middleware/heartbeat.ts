import type { Heartbeat, ServiceRegistry } from '@berth/core/mservices'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * Reports this API process alive to /v1/mservices, at most once per `everyMs` whatever the
 * traffic, after the response is ready. A failed report is only logged.
 */
export const apiHeartbeat = (
  services: ServiceRegistry,
  self: Heartbeat,
  warn: (message: string, details: Record<string, unknown>) => void,
  everyMs = 30_000,
  now: () => number = Date.now
) => {
  let last = Number.NEGATIVE_INFINITY
  return createMiddleware<AppEnv>(async function apiHeartbeat(_c, next) {
    await next()
    if (now() - last < everyMs) return
    last = now()
    try {
      await services.heartbeat(self)
    } catch (e) {
      last = Number.NEGATIVE_INFINITY
      warn('heartbeat not recorded', { error: e instanceof Error ? e.message : String(e) })
    }
  })
}
