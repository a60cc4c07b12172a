import {
  createFederation,
  deleteFederation,
  FEDERATION_READ_ONLY,
  type FederationDeps,
  FederationInputSchema,
  getFederation,
  listFederations,
  updateFederation,
} from '@berth/core/federations'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import { renderFederation, renderFederationSummary } from '../views/federation'
import { pagedList, readPatch } from './collection'

export interface FederationRouteOptions {
  deps: FederationDeps
  maxBodyBytes: number
}

/**
 * /v1/federations, as Magnum serves it. Magnum's conductor never implemented federations;
 * Berth keeps the records, checks what Magnum's API checks, and deploys nothing.
 */
export const federationRoutes = (o: FederationRouteOptions) => {
  const list = pagedList(
    'federations',
    (c, query, detail) => listFederations(o.deps, c.get('principal'), query, detail),
    (c, f, detail) =>
      detail ? renderFederation(f, c.get('baseUrl')) : renderFederationSummary(f, c.get('baseUrl'))
  )
  return new Hono<AppEnv>()
    .route('/', list)
    .get('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      const f = await getFederation(o.deps, c.get('principal'), c.req.param('ident'))
      return c.json(renderFederation(f, c.get('baseUrl')))
    })
    .post('/', async (c) => {
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        FederationInputSchema,
        await readJson(c, o.maxBodyBytes),
        'federation',
        FEDERATION_READ_ONLY
      )
      const f = await createFederation(o.deps, c.get('principal'), input)
      return c.json({ uuid: f.uuid }, 202)
    })
    .patch('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      const patch = await readPatch(c, o.maxBodyBytes)
      const f = await updateFederation(o.deps, c.get('principal'), c.req.param('ident'), patch)
      return c.json({ uuid: f.uuid }, 202)
    })
    .delete('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      await deleteFederation(o.deps, c.get('principal'), c.req.param('ident'))
      return c.body(null, 204)
    })
}
