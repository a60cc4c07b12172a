import {
  ResizeInputSchema,
  resizeCluster,
  UpgradeInputSchema,
  upgradeCluster,
} from '@berth/core/clusters'
import { InvalidError } from '@berth/core/errors'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { atLeast, requireVersion } from '../middleware/api-version'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import type { ClusterRouteOptions } from './clusters'

/** /v1/clusters/{ident}/actions/resize (µ1.7) and /upgrade (µ1.8). */
export const clusterActionRoutes = (o: ClusterRouteOptions) =>
  new Hono<AppEnv>()
    .post('/resize', async (c) => {
      const v = c.get('apiVersion')
      requireVersion(v, 1, 7, 'resize')
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        ResizeInputSchema,
        await readJson(c, o.maxBodyBytes),
        'cluster_resize_req'
      )
      const a = await resizeCluster(
        o.deps,
        c.get('principal'),
        c.req.param('ident') ?? '',
        input,
        atLeast(v, 1, 10)
      )
      return c.json({ uuid: a.cluster.uuid }, 202)
    })
    .post('/upgrade', async (c) => {
      const v = c.get('apiVersion')
      requireVersion(v, 1, 7, 'upgrade')
      // Magnum 1.7 routes upgrade but refuses it: the API arrived in 1.8.
      if (!atLeast(v, 1, 8)) {
        throw new InvalidError('Cluster upgrade is not supported in the provided microversion.')
      }
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        UpgradeInputSchema,
        await readJson(c, o.maxBodyBytes),
        'cluster_upgrade_req'
      )
      const a = await upgradeCluster(o.deps, c.get('principal'), c.req.param('ident') ?? '', input)
      return c.json({ uuid: a.cluster.uuid }, 202)
    })
