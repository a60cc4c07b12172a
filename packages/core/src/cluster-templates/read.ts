import { type Page, paginate, parsePageQuery, type RawPageQuery } from '../pagination'
import type { Principal } from '../principal'
import type { ClusterTemplateDeps, TemplateFlavour } from './deps'
import { findTemplate, isVisible, notFound, scopeFor } from './lookup'
import { ClusterTemplateSchema, type StoredClusterTemplate } from './model'

/** Any stored column may be a sort key, as in Magnum; `id` is creation order. */
export const TEMPLATE_SORT_KEYS: readonly string[] = [
  'id',
  ...Object.keys(ClusterTemplateSchema.shape).filter((k) => k !== 'labels'),
]

/** GET /v1/clustertemplates[/detail]: the caller's own and public templates, paged. */
export const listClusterTemplates = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  raw: RawPageQuery,
  flavour: TemplateFlavour,
  detail: boolean
): Promise<Page<StoredClusterTemplate>> => {
  const query = parsePageQuery(raw, TEMPLATE_SORT_KEYS)
  deps.policy.enforce(`${flavour.rules}:${detail ? 'detail' : 'get_all'}`, principal, {
    project_id: principal.projectId,
  })
  const scope = scopeFor(
    deps,
    principal,
    `clustertemplate:${detail ? 'detail' : 'get_all'}_all_projects`
  )
  // Magnum hides hidden templates from every non-admin list, the caller's own included.
  const visible = (await deps.templates.listCandidates(scope)).filter(
    (t) => isVisible(t, scope) && (scope.allProjects || !t.hidden)
  )
  return paginate(visible, query, {
    idOf: (t) => t.uuid,
    sortValue: (t, key) =>
      key === 'id'
        ? t.created_at
        : (t[key as keyof StoredClusterTemplate] as string | number | boolean | null),
    tieBreak: (t) => `${t.created_at}#${t.uuid}`,
    markerNotFound: (m) => notFound(flavour, m),
  })
}

/** GET /v1/clustertemplates/{ident}; public templates skip the `get` rule, as in Magnum. */
export const getClusterTemplate = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  ident: string,
  flavour: TemplateFlavour
): Promise<StoredClusterTemplate> => {
  const t = await findTemplate(deps, principal, ident, flavour)
  if (!t.public) {
    deps.policy.enforce(`${flavour.rules}:get`, principal, {
      project_id: t.project_id,
      user_id: t.user_id,
    })
  }
  return t
}
