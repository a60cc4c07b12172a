import { Hono } from 'hono'
import { requireToken } from '../auth'
import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { CloudError } from '../http'
import type { NovaEnv } from './env'
import { novaError } from './errors'
import { novaFlavorRoutes } from './flavors'
import { novaKeypairRoutes } from './keypairs'
import { MAX_MINOR, MIN_MINOR, microversion } from './microversion'
import { novaServerGroupRoutes } from './server-groups'
import { novaServerRoutes } from './servers'

/** Nova's compute API v2.1, mounted at /compute (catalog URL …/compute/v2.1). */
export const novaApp = (cloud: DevCloud) => {
  const app = new Hono<NovaEnv>()
  app.onError((err, c) => {
    if (err instanceof CloudError) return novaError(c, err.status, err.message)
    cloud.log(`nova: ${err.stack ?? err.message}`)
    return novaError(c, 500, 'Unexpected API Error.')
  })
  const root = () => `${cloud.config.baseUrl()}${SERVICE_PREFIXES.compute}`
  const v21 = () => ({
    id: 'v2.1',
    status: 'CURRENT',
    version: `2.${MAX_MINOR}`,
    min_version: `2.${MIN_MINOR}`,
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${root()}/v2.1/` }],
  })
  app.get('/', (c) =>
    c.json({
      versions: [
        {
          id: 'v2.0',
          status: 'SUPPORTED',
          version: '',
          min_version: '',
          updated: '2011-01-21T11:33:21Z',
          links: [{ rel: 'self', href: `${root()}/v2/` }],
        },
        v21(),
      ],
    })
  )
  app.use('/v2.1', microversion())
  app.use('/v2.1/*', microversion())
  app.get('/v2.1', (c) => {
    const doc = v21()
    return c.json({
      version: {
        ...doc,
        links: [
          ...doc.links,
          { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
        ],
        'media-types': [
          { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
        ],
      },
    })
  })
  app.use('/v2.1/*', requireToken(cloud, { requireProject: true }))
  app.route('/', novaFlavorRoutes(cloud))
  app.route('/', novaKeypairRoutes(cloud))
  app.route('/', novaServerRoutes(cloud))
  app.route('/', novaServerGroupRoutes(cloud))
  return app
}
