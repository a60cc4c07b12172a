import { ConcurrentUpdateError } from '../errors'
import type { Principal } from '../principal'
import type { ClusterTemplateDeps, TemplateFlavour } from './deps'
import { findTemplate } from './lookup'

const ATTEMPTS = 3

/**
 * DELETE /v1/clustertemplates/{ident}. The store refuses while clusters reference the
 * template (TemplateReferencedError, 400), atomically with the delete itself.
 */
export const deleteClusterTemplate = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  ident: string,
  flavour: TemplateFlavour
): Promise<void> => {
  for (let i = 1; ; i++) {
    const t = await findTemplate(
      deps,
      principal,
      ident,
      flavour,
      `clustertemplate:delete_all_projects`
    )
    deps.policy.enforce(`${flavour.rules}:delete`, principal, {
      project_id: t.project_id,
      user_id: t.user_id,
    })
    try {
      return await deps.templates.delete(t)
    } catch (e) {
      if (!(e instanceof ConcurrentUpdateError) || i >= ATTEMPTS) throw e
    }
  }
}
