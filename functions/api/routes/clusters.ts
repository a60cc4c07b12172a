import {
  CLUSTER,
  CLUSTER_READ_ONLY,
  type ClusterDeps,
  type ClusterFlavour,
  ClusterInputSchema,
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
  updateCluster,
} from '@berth/core/clusters'
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { atLeast } from '../middleware/api-version'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import { renderCluster, renderClusterSummary } from '../views/cluster'
import { clusterActionRoutes } from './cluster-actions'
import { pagedList, queryBool, readPatch } from './collection'
import { nodeGroupRoutes } from './nodegroups'

export interface ClusterRouteOptions {
  deps: ClusterDeps
  maxBodyBytes: number
}

/** The rollback flag of a PATCH: a query parameter from µ1.3, unknown before. */
const rollbackOf = (c: Context<AppEnv>): boolean => {
  const query = c.req.query()
  onlyQuery(query, atLeast(c.get('apiVersion'), 1, 3) ? ['rollback'] : [])
  return queryBool('rollback', query.rollback)
}

/** PATCH of a cluster or bay: its rollback flag, then its JSON-Patch, under `flavour`'s rules. */
export const patchCluster = async (
  c: Context<AppEnv>,
  o: ClusterRouteOptions,
  ident: string,
  flavour: ClusterFlavour,
  allowZeroNodes: boolean
) => {
  const rollback = rollbackOf(c)
  const patch = await readPatch(c, o.maxBodyBytes)
  return updateCluster(o.deps, c.get('principal'), ident, patch, flavour, {
    rollback,
    allowZeroNodes,
  })
}

/** /v1/clusters, with its actions and nodegroups. */
export const clusterRoutes = (o: ClusterRouteOptions) => {
  const { deps } = o
  const list = pagedList(
    'clusters',
    (c, query, detail) => listClusters(deps, c.get('principal'), query, CLUSTER, detail),
    (c, view, detail) =>
      detail
        ? renderCluster(view, c.get('baseUrl'), c.get('apiVersion'))
        : renderClusterSummary(view.aggregate, c.get('baseUrl'), c.get('apiVersion'))
  )

  return new Hono<AppEnv>()
    .route('/', list)
    .route('/:ident/actions', clusterActionRoutes(o))
    .route('/:ident/nodegroups', nodeGroupRoutes(o))
    .get('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      const view = await getCluster(deps, c.get('principal'), c.req.param('ident'), CLUSTER)
      return c.json(renderCluster(view, c.get('baseUrl'), c.get('apiVersion')))
    })
    .post('/', async (c) => {
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        ClusterInputSchema,
        await readJson(c, o.maxBodyBytes),
        'cluster',
        CLUSTER_READ_ONLY
      )
      const v = c.get('apiVersion')
      const a = await createCluster(deps, c.get('principal'), input, CLUSTER, {
        allowZeroNodes: atLeast(v, 1, 10),
        // Magnum 1.10+ lost the decorator that turned this 404 into a 400; clients rely on both.
        templateMissingIsInvalid: !atLeast(v, 1, 10),
        idempotencyKey: c.req.header('Idempotency-Key'),
      })
      return c.json({ uuid: a.cluster.uuid }, 202)
    })
    .patch('/:ident', async (c) => {
      const zeroNodes = atLeast(c.get('apiVersion'), 1, 10)
      const a = await patchCluster(c, o, c.req.param('ident'), CLUSTER, zeroNodes)
      return c.json({ uuid: a.cluster.uuid }, 202)
    })
    .delete('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      await deleteCluster(deps, c.get('principal'), c.req.param('ident'), CLUSTER)
      return c.body(null, 204)
    })
}
