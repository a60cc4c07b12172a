import { Hono } from 'hono'
import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { CloudError } from '../http'
import { glanceError } from './errors'
import { glanceImageRoutes } from './images'

const CURRENT = 15

/** Glance v2, mounted at /image: version discovery at its root, the API under /v2. */
export const glanceApp = (cloud: DevCloud) => {
  const app = new Hono()
  app.onError((err, c) => {
    if (err instanceof CloudError) return glanceError(c, err.status, err.message)
    cloud.log(`glance: ${err.stack ?? err.message}`)
    return glanceError(c, 500, 'Internal Server Error')
  })
  const versions = () => {
    const href = `${cloud.config.baseUrl()}${SERVICE_PREFIXES.image}/v2/`
    return Array.from({ length: CURRENT + 1 }, (_, i) => CURRENT - i).map((minor) => ({
      id: `v2.${minor}`,
      status: minor === CURRENT ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href }],
    }))
  }
  for (const path of ['/', '/versions']) {
    app.get(path, (c) => c.json({ versions: versions() }, path === '/' ? 300 : 200))
  }
  app.route('/', glanceImageRoutes(cloud))
  return app
}
