import {
  BAY,
  BAY_READ_ONLY,
  BayInputSchema,
  bayToClusterInput,
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
} from '@berth/core/clusters'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { atLeast } from '../middleware/api-version'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import { renderBay, renderBaySummary } from '../views/cluster'
import { type ClusterRouteOptions, patchCluster } from './clusters'
import { pagedList } from './collection'

/**
 * /v1/bays: Magnum Zed's names over the same records as clusters. At µ1.1 create and update
 * answered synchronously with the whole bay; Berth answers with the record as written.
 */
export const bayRoutes = (o: ClusterRouteOptions) => {
  const { deps } = o
  const list = pagedList(
    'bays',
    (c, query, detail) => listClusters(deps, c.get('principal'), query, BAY, detail),
    (c, view, detail) =>
      detail
        ? renderBay(view.aggregate, c.get('baseUrl'))
        : renderBaySummary(view.aggregate, c.get('baseUrl'))
  )

  return new Hono<AppEnv>()
    .route('/', list)
    .get('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      const view = await getCluster(deps, c.get('principal'), c.req.param('ident'), BAY)
      return c.json(renderBay(view.aggregate, c.get('baseUrl')))
    })
    .post('/', async (c) => {
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        BayInputSchema,
        await readJson(c, o.maxBodyBytes),
        'bay',
        BAY_READ_ONLY
      )
      const a = await createCluster(deps, c.get('principal'), bayToClusterInput(input), BAY, {
        allowZeroNodes: false,
        templateMissingIsInvalid: true,
        idempotencyKey: c.req.header('Idempotency-Key'),
      })
      if (atLeast(c.get('apiVersion'), 1, 2)) return c.json({ uuid: a.cluster.uuid }, 202)
      const base = c.get('baseUrl')
      c.header('Location', `${base}/v1/bays/${a.cluster.uuid}`)
      return c.json(renderBay(a, base), 201)
    })
    .patch('/:ident', async (c) => {
      const a = await patchCluster(c, o, c.req.param('ident'), BAY, false)
      if (atLeast(c.get('apiVersion'), 1, 2)) return c.json({ uuid: a.cluster.uuid }, 202)
      return c.json(renderBay(a, c.get('baseUrl')), 200)
    })
    .delete('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      await deleteCluster(deps, c.get('principal'), c.req.param('ident'), BAY)
      return c.body(null, 204)
    })
}
