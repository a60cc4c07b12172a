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
import { nextLink } from '../views/links'
import { PAGE_PARAMS, readPatch } from './clusters'

export interface FederationRouteOptions {
  deps: FederationDeps
  maxBodyBytes: number
}

/**
 * /v1/federations, as Magnum serves it. Magnum's conductor never implemented federations;
 * Berth keeps the records, checks what Magnum's API checks, and deploys nothing.
 */
export const federationRoutes = (o: FederationRouteOptions) => {
  const list = (detail: boolean) =>
    new Hono<AppEnv>().get('/', async (c) => {
      const query = c.req.query()
      onlyQuery(query, PAGE_PARAMS)
      const page = await listFederations(o.deps, c.get('principal'), query, detail)
      const base = c.get('baseUrl')
      const next = nextLink(base, detail ? 'federations/detail' : 'federations', page.next)
      return c.json({
        federations: page.items.map((f) =>
          detail ? renderFederation(f, base) : renderFederationSummary(f, base)
        ),
        ...(next ? { next } : {}),
      })
    })
  return new Hono<AppEnv>()
    .route('/detail', list(true))
    .route('/', list(false))
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
