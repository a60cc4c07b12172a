import type { Context, MiddlewareHandler } from 'hono'
import { CloudError } from '../http'

/** The compute API range the development cloud claims (Nova 26 "Zed": 2.1 … 2.93). */
export const MIN_MINOR = 1
export const MAX_MINOR = 93

export interface MicroversionEnv {
  Variables: { computeMinor: number }
}

const requested = (c: Context): string | undefined => {
  const header = c.req.header('OpenStack-API-Version')
  if (header !== undefined) {
    // "compute 2.61", possibly alongside other services: "compute 2.61, volume 3.5"
    for (const part of header.split(',')) {
      const [service, version] = part.trim().split(/\s+/)
      if (service?.toLowerCase() === 'compute' && version !== undefined) return version
    }
  }
  return c.req.header('X-OpenStack-Nova-API-Version')
}

/**
 * Negotiates the compute microversion like Nova: absent ⇒ 2.1, `latest` ⇒ the maximum,
 * out of range ⇒ 406. Echoes the version in the response headers clients check.
 */
export const microversion = (): MiddlewareHandler<MicroversionEnv> =>
  async function computeMicroversion(c, next) {
    const raw = requested(c)?.trim()
    let minor = MIN_MINOR
    if (raw !== undefined && raw.toLowerCase() === 'latest') minor = MAX_MINOR
    else if (raw !== undefined) {
      const m = /^(\d+)\.(\d+)$/.exec(raw)
      if (!m) throw new CloudError(400, `Invalid API version request string: ${raw}`)
      minor = Number(m[2])
      if (m[1] !== '2' || minor < MIN_MINOR || minor > MAX_MINOR) {
        throw new CloudError(
          406,
          `Version ${raw} is not supported by the API. Minimum is 2.${MIN_MINOR} and maximum is 2.${MAX_MINOR}.`
        )
      }
    }
    c.set('computeMinor', minor)
    c.header('OpenStack-API-Version', `compute 2.${minor}`)
    c.header('X-OpenStack-Nova-API-Version', `2.${minor}`)
    c.header('Vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version')
    await next()
  }
