import { Hono } from 'hono'
import { type CallerEnv, requireToken } from '../auth'
import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { CloudError } from '../http'
import { neutronError } from './errors'
import { neutronFloatingIpRoutes } from './floating-ips'
import { neutronNetworkRoutes } from './networks'
import { neutronPortRoutes } from './ports'
import { neutronRouterRoutes } from './routers'
import { neutronSecurityGroupRoutes } from './security-groups'
import { neutronSubnetRoutes } from './subnets'

/** The resources GET /v2.0 lists. */
const RESOURCES = [
  ['network', 'networks'],
  ['subnet', 'subnets'],
  ['port', 'ports'],
  ['router', 'routers'],
  ['floatingip', 'floatingips'],
  ['security_group', 'security-groups'],
  ['security_group_rule', 'security-group-rules'],
] as const

/** Neutron v2.0, mounted at /network (catalog URL is versionless, as Neutron's is). */
export const neutronApp = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const root = () => `${cloud.config.baseUrl()}${SERVICE_PREFIXES.network}`
  app.onError((err, c) => {
    if (err instanceof CloudError) return neutronError(c, err.status, err.message, err.type)
    cloud.log(`neutron: ${err.stack ?? err.message}`)
    return neutronError(
      c,
      500,
      'Request Failed: internal server error while processing your request.'
    )
  })
  app.get('/', (c) =>
    c.json({
      versions: [
        { id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${root()}/v2.0/` }] },
      ],
    })
  )
  app.use('/v2.0/*', requireToken(cloud, { requireProject: true }))
  app.use('/v2.0', requireToken(cloud, { requireProject: true }))
  app.get('/v2.0', (c) =>
    c.json({
      resources: RESOURCES.map(([name, collection]) => ({
        links: [{ rel: 'self', href: `${root()}/v2.0/${collection}` }],
        name,
        collection,
      })),
    })
  )
  app.route('/', neutronNetworkRoutes(cloud))
  app.route('/', neutronSubnetRoutes(cloud))
  app.route('/', neutronPortRoutes(cloud))
  app.route('/', neutronRouterRoutes(cloud))
  app.route('/', neutronFloatingIpRoutes(cloud))
  app.route('/', neutronSecurityGroupRoutes(cloud))
  return app
}
