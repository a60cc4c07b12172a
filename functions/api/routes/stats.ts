import { getStats, type StatsDeps } from '@berth/core/stats'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { onlyQuery } from '../validation'

/** GET /v1/stats (µ1.4): Magnum's `{"clusters": n, "nodes": m}`. */
export const statsRoutes = (deps: StatsDeps) =>
  new Hono<AppEnv>().get('/', async (c) => {
    const query = c.req.query()
    onlyQuery(query, ['project_id', 'type'])
    const totals = await getStats(deps, c.get('principal'), {
      projectId: query.project_id,
      type: query.type,
    })
    return c.json({ clusters: totals.clusters, nodes: totals.nodes })
  })
