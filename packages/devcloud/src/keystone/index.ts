import { Hono } from 'hono'
import type { DevCloud } from '../context'
import { CloudError } from '../http'
import { keystoneDiscovery } from './discovery'
import { keystoneError } from './render'
import { keystoneApplicationCredentialRoutes } from './routes-app-credentials'
import { keystoneAssignmentRoutes } from './routes-assignments'
import { keystoneAuthRoutes } from './routes-auth'
import { keystoneIdentityRoutes } from './routes-identity'
import { keystoneTrustRoutes } from './routes-trusts'

/** Keystone v3, served at the root of the cloud's port (so the auth URL is …/v3). */
export const keystoneApp = (cloud: DevCloud) => {
  const app = new Hono()
  app.onError((err, c) => {
    if (err instanceof CloudError) return keystoneError(c, cloud, err.status, err.message)
    cloud.log(`keystone: ${err.stack ?? err.message}`)
    return keystoneError(
      c,
      cloud,
      500,
      'An unexpected error prevented the server from fulfilling your request.'
    )
  })
  app.route('/', keystoneDiscovery(cloud))
  app.route('/', keystoneAuthRoutes(cloud))
  app.route('/', keystoneIdentityRoutes(cloud))
  app.route('/', keystoneApplicationCredentialRoutes(cloud))
  app.route('/', keystoneTrustRoutes(cloud))
  app.route('/', keystoneAssignmentRoutes(cloud))
  return app
}

export { keystoneError }
