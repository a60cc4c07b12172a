import type { ClusterDeps } from '@berth/core/clusters'
import { rotateCredential } from '@berth/core/credentials-rotation'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { requireVersion } from '../middleware/api-version'
import { onlyQuery } from '../validation'

/**
 * PATCH /v1/credentials/{cluster} (µ1.12) → 202 {uuid}: re-mint the cluster's cloud
 * credential. Magnum takes no body; one sent is ignored.
 */
export const credentialRoutes = (deps: ClusterDeps) =>
  new Hono<AppEnv>().patch('/:ident', async (c) => {
    requireVersion(c.get('apiVersion'), 1, 12, 'credential rotation')
    onlyQuery(c.req.query(), [])
    const a = await rotateCredential(deps, c.get('principal'), c.req.param('ident'))
    return c.json({ uuid: a.cluster.uuid }, 202)
  })
