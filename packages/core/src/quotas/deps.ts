import type { Authorizer } from '../ports/authorizer'
import type { Principal } from '../principal'
import type { QuotaResource } from './model'
import type { QuotaRepository } from './repository'

/** Port: whether a project exists in the cloud's identity service (Keystone). */
export interface ProjectDirectory {
  /**
   * True when the project exists. Asked as Berth's service account where one is configured,
   * else with the caller's own token (quota writes are admin-only, so an admin's).
   */
  exists(projectId: string, caller: Principal): Promise<boolean>
}

/** The limit a project gets for a resource with no stored quota; undefined = no limit. */
export type QuotaDefaults = Record<QuotaResource, number | undefined>

/** What the quota use-cases need. */
export interface QuotaDeps {
  quotas: QuotaRepository
  projects: ProjectDirectory
  policy: Authorizer
  defaults: QuotaDefaults
  now: () => Date
}
