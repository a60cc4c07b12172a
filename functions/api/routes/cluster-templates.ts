import {
  BayModelInputSchema,
  type ClusterTemplateDeps,
  ClusterTemplateInputSchema,
  createClusterTemplate,
  deleteClusterTemplate,
  getClusterTemplate,
  listClusterTemplates,
  READ_ONLY_ATTRIBUTES,
  type TemplateFlavour,
  updateClusterTemplate,
} from '@berth/core/cluster-templates'
import { InvalidError } from '@berth/core/errors'
import { JsonPatchSchema } from '@berth/core/json-patch'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../middleware/body'
import { describeIssue, onlyQuery, parseBody } from '../validation'
import { renderClusterTemplate } from '../views/cluster-template'
import { nextLink } from '../views/links'

const PAGE_PARAMS = ['limit', 'marker', 'sort_key', 'sort_dir'] as const

export interface TemplateRouteOptions {
  deps: ClusterTemplateDeps
  flavour: TemplateFlavour
  collection: 'clustertemplates' | 'baymodels'
  /** The argument name Magnum's messages use: cluster_template or baymodel. */
  argument: string
  maxBodyBytes: number
}

/** /v1/clustertemplates and /v1/baymodels: one set of handlers over the same records. */
export const clusterTemplateRoutes = (o: TemplateRouteOptions) => {
  const { deps, flavour, collection } = o
  const schema = flavour.rules === 'baymodel' ? BayModelInputSchema : ClusterTemplateInputSchema
  const render = (
    c: { get(k: 'baseUrl'): string },
    t: Parameters<typeof renderClusterTemplate>[0]
  ) => renderClusterTemplate(t, c.get('baseUrl'), collection)

  const list = (detail: boolean) =>
    new Hono<AppEnv>().get('/', async (c) => {
      const query = c.req.query()
      onlyQuery(query, PAGE_PARAMS)
      const page = await listClusterTemplates(deps, c.get('principal'), query, flavour, detail)
      const next = nextLink(
        c.get('baseUrl'),
        detail ? `${collection}/detail` : collection,
        page.next
      )
      return c.json({
        [collection]: page.items.map((t) => render(c, t)),
        ...(next ? { next } : {}),
      })
    })

  return new Hono<AppEnv>()
    .route('/detail', list(true))
    .route('/', list(false))
    .get('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      return c.json(
        render(c, await getClusterTemplate(deps, c.get('principal'), c.req.param('ident'), flavour))
      )
    })
    .post('/', async (c) => {
      onlyQuery(c.req.query(), [])
      const input = parseBody(
        schema,
        await readJson(c, o.maxBodyBytes),
        o.argument,
        READ_ONLY_ATTRIBUTES
      )
      const t = await createClusterTemplate(deps, c.get('principal'), input, flavour)
      const body = render(c, t)
      c.header('Location', `${c.get('baseUrl')}/v1/${collection}/${t.uuid}`)
      return c.json(body, 201)
    })
    .patch('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      const body = await readJson(c, o.maxBodyBytes)
      const patch = JsonPatchSchema.safeParse(body)
      if (!patch.success) throw new InvalidError(describeIssue(patch.error.issues, body))
      const t = await updateClusterTemplate(
        deps,
        c.get('principal'),
        c.req.param('ident'),
        patch.data,
        flavour
      )
      return c.json(render(c, t))
    })
    .delete('/:ident', async (c) => {
      onlyQuery(c.req.query(), [])
      await deleteClusterTemplate(deps, c.get('principal'), c.req.param('ident'), flavour)
      return c.body(null, 204)
    })
}
