import { ConcurrentUpdateError, NotFoundError } from '../errors'
import type { Principal } from '../principal'
import type { QuotaDeps } from './deps'
import type { QuotaCreateInput, QuotaPatchInput } from './input'
import type { StoredQuota } from './model'
import { ownTarget, resourceOf } from './read'

export const projectNotFound = (projectId: string): NotFoundError =>
  new NotFoundError(`Project ${projectId} could not be found.`)

const quotaNotFound = (projectId: string, resource: string): NotFoundError =>
  new NotFoundError(`Quota for project ${projectId} and resource ${resource} could not be found.`)

/**
 * POST /v1/quotas (admin): the project must exist in Keystone (404 otherwise, Magnum's
 * enforce_valid_project_id_on_create); one quota per project and resource (409).
 */
export const createQuota = async (
  deps: QuotaDeps,
  principal: Principal,
  input: QuotaCreateInput
): Promise<StoredQuota> => {
  deps.policy.enforce('quota:create', principal, ownTarget(principal))
  if (!(await deps.projects.exists(input.project_id, principal))) {
    throw projectNotFound(input.project_id)
  }
  return deps.quotas.create({
    project_id: input.project_id,
    resource: input.resource,
    hard_limit: input.hard_limit,
    created_at: deps.now().toISOString(),
    updated_at: null,
  })
}

/** PATCH /v1/quotas/{project_id}/{resource} (admin): a new hard_limit, answered with 202. */
export const updateQuota = async (
  deps: QuotaDeps,
  principal: Principal,
  projectId: string,
  resource: string,
  input: QuotaPatchInput
): Promise<StoredQuota> => {
  deps.policy.enforce('quota:update', principal, ownTarget(principal))
  const r = resourceOf(resource)
  for (let attempt = 0; ; attempt++) {
    const stored = await deps.quotas.get(projectId, r)
    if (!stored) throw quotaNotFound(projectId, r)
    try {
      return await deps.quotas.update({
        ...stored,
        hard_limit: input.hard_limit,
        updated_at: deps.now().toISOString(),
      })
    } catch (e) {
      // Two admins at once: the later write is re-based on the earlier one, as SQL would.
      if (!(e instanceof ConcurrentUpdateError) || attempt >= 4) throw e
    }
  }
}

/** DELETE /v1/quotas/{project_id}/{resource} (admin); 404 when there is none. */
export const deleteQuota = async (
  deps: QuotaDeps,
  principal: Principal,
  projectId: string,
  resource: string
): Promise<void> => {
  deps.policy.enforce('quota:delete', principal, ownTarget(principal))
  await deps.quotas.delete(projectId, resourceOf(resource))
}
