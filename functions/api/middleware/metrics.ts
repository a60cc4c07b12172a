import type { BerthMetrics } from '@berth/shared/metrics'
import { createMiddleware } from 'hono/factory'
import { routePath } from 'hono/route'
import type { AppEnv } from '../env'

/**
 * Records each request's latency by route template (`/v1/clusters/:id`, never the raw path, so
 * the number of metric series stays bounded) and status class. Outermost, so error rendering
 * is timed too.
 */
export const requestMetrics = (metrics: BerthMetrics) =>
  createMiddleware<AppEnv>(async function requestMetrics(c, next) {
    const started = performance.now()
    await next()
    metrics.request({
      method: c.req.method,
      // After next(), the route index is the one that answered: the handler, or the last middleware.
      route: routePath(c),
      status: c.res.status,
      durationMs: performance.now() - started,
    })
  })
