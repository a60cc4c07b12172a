import { listServices, type MServiceDeps } from '@berth/core/mservices'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { onlyQuery } from '../validation'
import { renderService } from '../views/mservice'

/** GET /v1/mservices (admin): Berth's API, workflow runner, reconciler, health job and table. */
export const mserviceRoutes = (deps: MServiceDeps) =>
  new Hono<AppEnv>().get('/', async (c) => {
    onlyQuery(c.req.query(), [])
    const services = await listServices(deps, c.get('principal'))
    return c.json({ mservices: services.map(renderService) })
  })
