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
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import { renderClusterTemplate } from '../views/cluster-template'
import { pagedList, readPatch } from './collection'

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

  const list = pagedList(
    collection,
    (c, query, detail) => listClusterTemplates(deps, c.get('principal'), query, flavour, detail),
    render
  )

  return new Hono<AppEnv>()
    .route('/', list)
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
      const patch = await readPatch(c, o.maxBodyBytes)
      const t = await updateClusterTemplate(
        deps,
        c.get('principal'),
        c.req.param('ident'),
        patch,
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
