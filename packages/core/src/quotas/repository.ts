import type { Quota, QuotaResource, StoredQuota } from './model'

/**
 * Port: explicit per-project quotas. One real adapter: @berth/store (DynamoDB). A project with
 * no stored quota gets the configured default; that decision is the caller's, not the store's.
 */
export interface QuotaRepository {
  get(projectId: string, resource: QuotaResource): Promise<StoredQuota | undefined>
  /** Every stored quota of one project, or (projectId undefined) of all projects; by id. */
  list(projectId: string | undefined): Promise<StoredQuota[]>
  /**
   * Inserts a quota with a newly allocated id (version 1) and returns it. ConflictError when the
   * project already has one for the resource (Magnum's QuotaAlreadyExists).
   */
  create(quota: Omit<Quota, 'id'>): Promise<StoredQuota>
  /** Replaces it iff the stored version is `quota.version`; ConcurrentUpdateError otherwise. */
  update(quota: StoredQuota): Promise<StoredQuota>
  /** Removes it; NotFoundError when there is none (Magnum's QuotaNotFound). */
  delete(projectId: string, resource: QuotaResource): Promise<void>
}
