import { Hono } from 'hono'
import { type CallerEnv, requireToken } from '../auth'
import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { CloudError } from '../http'
import { octaviaChildRoutes } from './children'
import { octaviaError } from './errors'
import { octaviaLoadBalancerRoutes } from './loadbalancers'

/** Octavia's load-balancer API v2, mounted at /load-balancer (at /v2 and its alias /v2.0). */
export const octaviaApp = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  app.onError((err, c) => {
    if (err instanceof CloudError) return octaviaError(c, err.status, err.message)
    cloud.log(`octavia: ${err.stack ?? err.message}`)
    return octaviaError(c, 500, 'An unknown exception occurred.')
  })
  const href = (v: string) => `${cloud.config.baseUrl()}${SERVICE_PREFIXES.loadBalancer}/${v}`
  app.get('/', (c) =>
    c.json({
      versions: [
        {
          id: 'v2.0',
          status: 'SUPPORTED',
          updated: '2016-12-11T00:00:00Z',
          links: [{ href: href('v2.0'), rel: 'self' }],
        },
        {
          id: 'v2',
          status: 'CURRENT',
          updated: '2022-08-29T00:00:00Z',
          links: [{ href: href('v2'), rel: 'self' }],
        },
      ],
    })
  )
  for (const version of ['/v2', '/v2.0']) {
    const api = new Hono<CallerEnv>()
    api.use('*', requireToken(cloud, { requireProject: true }))
    api.route('/', octaviaLoadBalancerRoutes(cloud))
    api.route('/', octaviaChildRoutes(cloud))
    app.route(version, api)
  }
  return app
}
