import { Hono } from 'hono'
import { type CallerEnv, callerProjectId, requireToken } from '../auth'
import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { badRequest, CloudError } from '../http'
import { cinderError } from './errors'
import { cinderVolumeRoutes } from './volumes'

const MIN_VERSION = '3.0'
const MAX_VERSION = '3.70'

/** The microversion to answer with: the one asked for when it is in range, else the minimum. */
const negotiated = (header: string | undefined): string => {
  const asked = header?.match(/volume\s+(3\.\d+|latest)/i)?.[1]
  if (asked === undefined) return MIN_VERSION
  if (asked.toLowerCase() === 'latest') return MAX_VERSION
  return Number(asked.split('.')[1]) <= Number(MAX_VERSION.split('.')[1]) ? asked : MIN_VERSION
}

/** Cinder's Block Storage API v3, mounted at /volume: volumes only. */
export const cinderApp = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  app.onError((err, c) => {
    if (err instanceof CloudError) return cinderError(c, err.status, err.message)
    cloud.log(`cinder: ${err.stack ?? err.message}`)
    return cinderError(
      c,
      500,
      'The server has either erred or is incapable of performing the requested operation.'
    )
  })
  const version = () => ({
    id: 'v3.0',
    status: 'CURRENT',
    version: MAX_VERSION,
    min_version: MIN_VERSION,
    updated: '2023-01-01T00:00:00Z',
    links: [{ rel: 'self', href: `${cloud.config.baseUrl()}${SERVICE_PREFIXES.volume}/v3/` }],
    'media-types': [
      { base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' },
    ],
  })
  app.get('/', (c) => c.json({ versions: [version()] }, 300))
  app.get('/v3', (c) => c.json({ version: version() }))
  const api = new Hono<CallerEnv>()
  api.use('*', requireToken(cloud, { requireProject: true }))
  api.use('*', async function projectInPath(c, next) {
    // Cinder refuses a URL naming another project than the token's.
    if (c.req.param('project_id') !== callerProjectId(c.get('caller'))) {
      throw badRequest('Malformed request url')
    }
    c.header('OpenStack-API-Version', `volume ${negotiated(c.req.header('OpenStack-API-Version'))}`)
    c.header('Vary', 'OpenStack-API-Version')
    await next()
  })
  api.route('/', cinderVolumeRoutes(cloud))
  app.route('/v3/:project_id', api)
  return app
}
