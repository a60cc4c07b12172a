import { BAYMODEL, CLUSTER_TEMPLATE } from '@berth/core/cluster-templates'
import { BerthError, ErrorKind, UnauthorizedError } from '@berth/core/errors'
import { createMetrics } from '@berth/shared/metrics'
import { Hono } from 'hono'
import type { AppDeps } from './deps'
import type { AppEnv } from './env'
import { renderError } from './http-errors'
import { apiVersion } from './middleware/api-version'
import { auditTrail } from './middleware/audit-trail'
import { apiHeartbeat } from './middleware/heartbeat'
import { identity } from './middleware/identity'
import { requestMetrics } from './middleware/metrics'
import { requestId } from './middleware/request-id'
import { auditRoutes } from './routes/audit'
import { bayRoutes } from './routes/bays'
import { certificateRoutes } from './routes/certificates'
import { clusterTemplateRoutes } from './routes/cluster-templates'
import { clusterRoutes } from './routes/clusters'
import { credentialRoutes } from './routes/credentials'
import { federationRoutes } from './routes/federations'
import { mserviceRoutes } from './routes/mservices'
import { quotaRoutes } from './routes/quotas'
import { statsRoutes } from './routes/stats'
import { rootRoutes, v1Document } from './routes/versions'

/**
 * The Magnum-compatible HTTP API as one Hono app: the same object serves Node locally and
 * Lambda behind API Gateway. Routes are thin; rules live in @berth/core.
 */
export const createApp = (deps: AppDeps): Hono<AppEnv> => {
  const { config } = deps
  const collections = {
    clustertemplates: clusterTemplateRoutes({
      deps: deps.templates,
      flavour: CLUSTER_TEMPLATE,
      collection: 'clustertemplates',
      argument: 'cluster_template',
      maxBodyBytes: config.BERTH_MAX_BODY_BYTES,
    }),
    baymodels: clusterTemplateRoutes({
      deps: deps.templates,
      flavour: BAYMODEL,
      collection: 'baymodels',
      argument: 'baymodel',
      maxBodyBytes: config.BERTH_MAX_BODY_BYTES,
    }),
    clusters: clusterRoutes({ deps: deps.clusters, maxBodyBytes: config.BERTH_MAX_BODY_BYTES }),
    bays: bayRoutes({ deps: deps.clusters, maxBodyBytes: config.BERTH_MAX_BODY_BYTES }),
    certificates: certificateRoutes({
      deps: deps.certificates,
      maxBodyBytes: config.BERTH_MAX_BODY_BYTES,
    }),
    quotas: quotaRoutes({ deps: deps.service.quotas, maxBodyBytes: config.BERTH_MAX_BODY_BYTES }),
    mservices: mserviceRoutes(deps.service.mservices),
    stats: statsRoutes(deps.service.stats),
    federations: federationRoutes({
      deps: deps.service.federations,
      maxBodyBytes: config.BERTH_MAX_BODY_BYTES,
    }),
    credentials: credentialRoutes(deps.clusters),
    audit: auditRoutes(deps.service.audit),
  }
  const warn = (message: string, details: Record<string, unknown>) =>
    deps.logger.warn(message, details)

  const v1 = new Hono<AppEnv>()
  v1.use('*', apiVersion())
  // Every mutating call, whatever its outcome, once the response is made.
  v1.use('*', auditTrail(deps.service.auditLog, warn))
  v1.route('/', v1Document(Object.keys(collections)))
  const authenticate = identity(deps.authenticator)
  for (const [name, routes] of Object.entries(collections)) {
    v1.use(`/${name}`, authenticate)
    v1.use(`/${name}/*`, authenticate)
    v1.route(`/${name}`, routes)
  }

  // python-magnumclient ends some paths in a slash (`/v1/clusters/?limit=1`, every nodegroup
  // path), which Magnum's router accepts: so does this one.
  const app = new Hono<AppEnv>({ strict: false })
  app.use('*', requestMetrics(createMetrics('berth-api', config)))
  app.use('*', requestId())
  app.use('*', apiHeartbeat(deps.service.services, deps.service.mservices.self, warn))
  app.use('*', async function baseUrl(c, next) {
    c.set('baseUrl', deps.publicUrl ?? new URL(c.req.url).origin)
    await next()
  })
  app.route('/', rootRoutes())
  app.route('/v1', v1)
  // Magnum routes unversioned paths (the `bookmark` links) to v1.
  app.route('/', v1)

  app.notFound(() => {
    throw new BerthError(ErrorKind.NotFound, 'The resource could not be found.')
  })
  app.onError((err, c) => {
    const id = c.get('requestId') ?? ''
    const rendered = renderError(err, id)
    if (rendered.status >= 500) {
      deps.logger.error('request failed', { requestId: id, path: c.req.path, error: err })
    }
    for (const [k, v] of Object.entries(rendered.headers)) c.header(k, v)
    if (err instanceof UnauthorizedError)
      c.header('WWW-Authenticate', `Keystone uri="${deps.authUrl}"`)
    return c.json(rendered.body, rendered.status as 400)
  })
  return app
}
