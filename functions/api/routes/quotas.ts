import {
  createQuota,
  deleteQuota,
  getQuota,
  listQuotas,
  QUOTA_READ_ONLY,
  QuotaCreateInputSchema,
  type QuotaDeps,
  QuotaPatchInputSchema,
  updateQuota,
} from '@berth/core/quotas'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import { nextLink } from '../views/links'
import { renderQuota, renderQuotaView } from '../views/quota'
import { PAGE_PARAMS, queryBool } from './collection'

export interface QuotaRouteOptions {
  deps: QuotaDeps
  maxBodyBytes: number
}

/**
 * /v1/quotas (µ1.6, not gated in Magnum's code): admins manage per-project hard limits; the
 * PATCH body is a Quota object, not a JSON-Patch, and answers 202.
 */
export const quotaRoutes = (o: QuotaRouteOptions) =>
  new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = c.req.query()
      onlyQuery(query, [...PAGE_PARAMS, 'all_tenants'])
      const page = await listQuotas(o.deps, c.get('principal'), {
        ...query,
        allTenants: queryBool('all_tenants', query.all_tenants),
      })
      const next = nextLink(c.get('baseUrl'), 'quotas', page.next)
      return c.json({ quotas: page.items.map(renderQuota), ...(next ? { next } : {}) })
    })
    .get('/:project_id/:resource', async (c) => {
      onlyQuery(c.req.query(), [])
      const view = await getQuota(
        o.deps,
        c.get('principal'),
        c.req.param('project_id'),
        c.req.param('resource')
      )
      return c.json(renderQuotaView(view))
    })
    .post('/', async (c) => {
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        QuotaCreateInputSchema,
        await readJson(c, o.maxBodyBytes),
        'quota',
        QUOTA_READ_ONLY
      )
      return c.json(renderQuota(await createQuota(o.deps, c.get('principal'), input)), 201)
    })
    .patch('/:project_id/:resource', async (c) => {
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        QuotaPatchInputSchema,
        await readJson(c, o.maxBodyBytes),
        'quotapatch',
        QUOTA_READ_ONLY
      )
      const q = await updateQuota(
        o.deps,
        c.get('principal'),
        c.req.param('project_id'),
        c.req.param('resource'),
        input
      )
      return c.json(renderQuota(q), 202)
    })
    .delete('/:project_id/:resource', async (c) => {
      onlyQuery(c.req.query(), [])
      await deleteQuota(
        o.deps,
        c.get('principal'),
        c.req.param('project_id'),
        c.req.param('resource')
      )
      return c.body(null, 204)
    })
