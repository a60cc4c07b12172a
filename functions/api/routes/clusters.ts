import {
  CLUSTER,
  CLUSTER_READ_ONLY,
  type ClusterDeps,
  ClusterInputSchema,
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
  updateCluster,
} from '@berth/core/clusters'
import { InvalidError } from '@berth/core/errors'
import { type JsonPatch, JsonPatchSchema } from '@berth/core/json-patch'
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { atLeast } from '../middleware/api-version'
import { readJson } from '../middleware/body'
import { describeIssue, onlyQuery, parseBody } from '../validation'
import { renderCluster, renderClusterSummary } from '../views/cluster'
import { nextLink } from '../views/links'
import { clusterActionRoutes } from './cluster-actions'
import { nodeGroupRoutes } from './nodegroups'

export const PAGE_PARAMS = ['limit', 'marker', 'sort_key', 'sort_dir'] as const

export interface ClusterRouteOptions {
  deps: ClusterDeps
  maxBodyBytes: number
}

/** wsme's boolean query values (`?rollback=True`). */
export const queryBool = (name: string, value: string | undefined): boolean => {
  if (value === undefined) return false
  if (/^(true|1|yes|on|t|y)$/i.test(value)) return true
  if (/^(false|0|no|off|f|n)$/i.test(value)) return false
  throw new InvalidError(
    `Invalid input for field/attribute ${name}. Value: '${value}'. expected a boolean`
  )
}

/** A JSON-Patch body, worded like wsme when it is not one. */
export const readPatch = async (c: Context<AppEnv>, maxBodyBytes: number): Promise<JsonPatch> => {
  const body = await readJson(c, maxBodyBytes)
  const patch = JsonPatchSchema.safeParse(body)
  if (!patch.success) throw new InvalidError(describeIssue(patch.error.issues, body))
  return patch.data
}

/** The rollback flag of a PATCH: a query parameter from µ1.3, unknown before. */
export const rollbackOf = (c: Context<AppEnv>): boolean => {
  const query = c.req.query()
  onlyQuery(query, atLeast(c.get('apiVersion'), 1, 3) ? ['rollback'] : [])
  return queryBool('rollback', query.rollback)
}

/** /v1/clusters, with its actions and nodegroups. */
export const clusterRoutes = (o: ClusterRouteOptions) => {
  const { deps } = o
  const list = (detail: boolean) =>
    new Hono<AppEnv>().get('/', async (c) => {
      const query = c.req.query()
      onlyQuery(query, PAGE_PARAMS)
      const page = await listClusters(deps, c.get('principal'), query, CLUSTER, detail)
      const base = c.get('baseUrl')
      const v = c.get('apiVersion')
      const next = nextLink(base, detail ? 'clusters/detail' : 'clusters', page.next)
      return c.json({
        clusters: page.items.map((view) =>
          detail ? renderCluster(view, base, v) : renderClusterSummary(view.aggregate, base, v)
        ),
        ...(next ? { next } : {}),
      })
    })

  return new Hono<AppEnv>()
    .route('/detail', list(true))
    .route('/', list(false))
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
      const rollback = rollbackOf(c)
      const patch = await readPatch(c, o.maxBodyBytes)
      const a = await updateCluster(
        deps,
        c.get('principal'),
        c.req.param('ident'),
        patch,
        CLUSTER,
        {
          rollback,
          allowZeroNodes: atLeast(c.get('apiVersion'), 1, 10),
        }
      )
      return c.json({ uuid: a.cluster.uuid }, 202)
    })
    .delete('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      await deleteCluster(deps, c.get('principal'), c.req.param('ident'), CLUSTER)
      return c.body(null, 204)
    })
}
