import {
  createNodeGroup,
  deleteNodeGroup,
  getNodeGroup,
  listNodeGroups,
  NODEGROUP_READ_ONLY,
  NodeGroupInputSchema,
  NodeGroupInputSchemaV114,
  updateNodeGroup,
} from '@berth/core/clusters'
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { atLeast, requireVersion } from '../middleware/api-version'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import { nextLink } from '../views/links'
import { renderNodeGroup, renderNodeGroupSummary } from '../views/nodegroup'
import type { ClusterRouteOptions } from './clusters'
import { PAGE_PARAMS, readPatch } from './collection'

const METHOD_NAMES: Record<string, string> = {
  GET: 'get',
  POST: 'post',
  PATCH: 'patch',
  DELETE: 'delete',
}

/** /v1/clusters/{ident}/nodegroups (every method µ1.9+). */
export const nodeGroupRoutes = (o: ClusterRouteOptions) => {
  const { deps } = o
  const cluster = (c: { req: { param(name: 'ident'): string | undefined } }) =>
    c.req.param('ident') ?? ''
  return new Hono<AppEnv>()
    .use(
      '*',
      createMiddleware<AppEnv>(async function nodegroupVersion(c, next) {
        requireVersion(c.get('apiVersion'), 1, 9, METHOD_NAMES[c.req.method] ?? c.req.method)
        await next()
      })
    )
    .get('/', async (c) => {
      const query = c.req.query()
      onlyQuery(query, [...PAGE_PARAMS, 'role'])
      const { aggregate, page } = await listNodeGroups(deps, c.get('principal'), cluster(c), query)
      const next = nextLink(
        c.get('baseUrl'),
        `clusters/${aggregate.cluster.uuid}/nodegroups`,
        page.next
      )
      return c.json({
        nodegroups: page.items.map(renderNodeGroupSummary),
        ...(next ? { next } : {}),
      })
    })
    .get('/:nodegroup', async (c) => {
      onlyQuery(c.req.query(), [])
      const view = await getNodeGroup(
        deps,
        c.get('principal'),
        cluster(c),
        c.req.param('nodegroup')
      )
      return c.json(renderNodeGroup(view, c.get('baseUrl'), c.get('apiVersion')))
    })
    .post('/', async (c) => {
      onlyQuery(c.req.query(), [])
      const v = c.get('apiVersion')
      const schema = atLeast(v, 1, 14) ? NodeGroupInputSchemaV114 : NodeGroupInputSchema
      const input = parseBody(
        schema,
        await readJson(c, o.maxBodyBytes),
        'nodegroup',
        NODEGROUP_READ_ONLY
      )
      const view = await createNodeGroup(deps, c.get('principal'), cluster(c), input)
      return c.json(renderNodeGroup(view, c.get('baseUrl'), v), 202)
    })
    .patch('/:nodegroup', async (c) => {
      onlyQuery(c.req.query(), [])
      const v = c.get('apiVersion')
      const patch = await readPatch(c, o.maxBodyBytes)
      const view = await updateNodeGroup(
        deps,
        c.get('principal'),
        cluster(c),
        c.req.param('nodegroup'),
        patch,
        { nodeMetadata: atLeast(v, 1, 14) }
      )
      return c.json(renderNodeGroup(view, c.get('baseUrl'), v), 202)
    })
    .delete('/:nodegroup', async (c) => {
      onlyQuery(c.req.query(), [])
      await deleteNodeGroup(deps, c.get('principal'), cluster(c), c.req.param('nodegroup'))
      return c.body(null, 204)
    })
}
