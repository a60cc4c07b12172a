import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { DevCloud } from '../context'
import { STATUS_TITLES } from '../http'
import { serviceError, serviceOf } from '../services'

/** Resolves after `ms`, or early when the client goes away. */
const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })

/** Resolves only when the client gives up or the faults are cleared. */
const hold = (cloud: DevCloud, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const stop = cloud.faults.onClear(resolve)
    signal.addEventListener('abort', () => {
      stop()
      resolve()
    })
  })

/**
 * Applies HTTP faults before a request reaches its service: added latency, a hang, or an
 * error status in the service's own format. The control API (/devcloud) is never affected,
 * so a test can always clear what it injected.
 */
export const faultMiddleware = (cloud: DevCloud): MiddlewareHandler =>
  async function injectFaults(c, next) {
    const target = serviceOf(new URL(c.req.url).pathname)
    if (target.service === 'control') return next()
    const effect = cloud.faults.matchHttp(target.service, c.req.method, target.subPath)
    if (effect === undefined) return next()
    const signal = c.req.raw.signal
    if (effect.latencyMs > 0) await delay(effect.latencyMs, signal)
    if (effect.hang) {
      await hold(cloud, signal)
      return serviceError(
        c,
        cloud,
        target.service,
        503,
        'The request was held by an injected fault.'
      )
    }
    if (effect.status === undefined) return next()
    const status = effect.status as ContentfulStatusCode
    const message = effect.message ?? `${STATUS_TITLES[status] ?? 'Error'} (injected fault)`
    return serviceError(c, cloud, target.service, status, message)
  }
