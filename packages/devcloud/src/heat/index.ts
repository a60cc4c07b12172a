import { Hono } from 'hono'
import { requireToken } from '../auth'
import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { CloudError } from '../http'
import { heatDetailRoutes } from './api/details'
import type { HeatEnv } from './api/env'
import { heatStackRoutes } from './api/stacks'
import { heatValidateRoutes } from './api/validate'
import { heatError } from './errors'
import './engine/functions'

/** Heat's orchestration API v1, mounted at /heat-api (catalog URL …/heat-api/v1/<project_id>). */
export const heatApp = (cloud: DevCloud) => {
  const app = new Hono<HeatEnv>()
  app.onError((err, c) => {
    if (err instanceof CloudError) {
      // Heat cannot describe what went wrong in the engine (a dependency loop): no message.
      return heatError(
        c,
        err.status,
        err.type === 'RemoteError' ? undefined : err.message,
        err.type
      )
    }
    cloud.log(`heat: ${err.stack ?? err.message}`)
    return heatError(c, 500, undefined, 'RemoteError')
  })
  app.get('/', (c) =>
    c.json({
      versions: [
        {
          id: 'v1.0',
          status: 'CURRENT',
          links: [
            { rel: 'self', href: `${cloud.config.baseUrl()}${SERVICE_PREFIXES.orchestration}/v1/` },
          ],
        },
      ],
    })
  )
  app.use('/v1/*', requireToken(cloud, { requireProject: true }))
  app.route('/', heatStackRoutes(cloud))
  app.route('/', heatDetailRoutes(cloud))
  app.route('/', heatValidateRoutes(cloud))
  return app
}
