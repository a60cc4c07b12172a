import { ConflictError, NotFoundError } from '../errors'
import type { Principal } from '../principal'
import type { ClusterTemplateDeps, TemplateFlavour } from './deps'
import type { StoredClusterTemplate } from './model'
import type { TenantScope } from './repository'

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
export const looksLikeUuid = (s: string): boolean => UUID.test(s)

export const scopeFor = (
  deps: ClusterTemplateDeps,
  principal: Principal,
  rule: string
): TenantScope => ({
  projectId: principal.projectId,
  allProjects: deps.policy.check(rule, principal, { project_id: principal.projectId }),
})

/**
 * Whether a caller who reached `t` through the store may see it: their own, a public one that
 * is not hidden, or anything with all-projects rights (upstream Magnum's hidden-template rule).
 */
export const isVisible = (t: StoredClusterTemplate, scope: TenantScope): boolean =>
  scope.allProjects || t.project_id === scope.projectId || (t.public && !t.hidden)

export const notFound = (flavour: TemplateFlavour, ident: string): NotFoundError =>
  new NotFoundError(`${flavour.noun} ${ident} could not be found.`)

/** Magnum's `uuid_or_name` look-up: by uuid if it looks like one, else by (non-unique) name. */
export const findTemplate = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  ident: string,
  flavour: TemplateFlavour,
  /** The `*_all_projects` rule that lets admins reach other projects' templates; baymodels share the cluster template rules. */
  allProjectsRule = 'clustertemplate:get_one_all_projects'
): Promise<StoredClusterTemplate> => {
  const scope = scopeFor(deps, principal, allProjectsRule)
  if (looksLikeUuid(ident)) {
    const t = await deps.templates.getByUuid(scope, ident.toLowerCase())
    if (t && isVisible(t, scope)) return t
    throw notFound(flavour, ident)
  }
  const named = (await deps.templates.listCandidates(scope)).filter(
    (t) => t.name === ident && isVisible(t, scope)
  )
  if (named.length > 1) {
    throw new ConflictError(
      `Multiple ${flavour.rules === 'baymodel' ? 'baymodels' : 'cluster templates'} exist with same name. Please use the ${flavour.rules === 'baymodel' ? 'baymodel' : 'cluster template'} uuid instead.`
    )
  }
  const [only] = named
  if (!only) throw notFound(flavour, ident)
  return only
}
