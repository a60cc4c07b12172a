import type { StoredClusterTemplate } from './model'

/**
 * Which records a caller may reach. The store derives every key from it: a request can only
 * name its own project, plus public templates, plus everything when `allProjects` is granted
 * by policy (admins).
 */
export interface TenantScope {
  projectId: string
  allProjects: boolean
}

/** Port: where cluster templates live. One real adapter: @berth/store (DynamoDB). */
export interface ClusterTemplateRepository {
  /**
   * Every template the scope may see before domain filters (hidden …): the project's own plus
   * all public ones, or every project's when `allProjects`. Never a Scan.
   */
  listCandidates(scope: TenantScope): Promise<StoredClusterTemplate[]>
  /** One template by uuid if the scope reaches it (own, public, or any with allProjects). */
  getByUuid(scope: TenantScope, uuid: string): Promise<StoredClusterTemplate | undefined>
  /** Inserts a new template (version 1). Fails with ConflictError if the uuid exists. */
  create(template: StoredClusterTemplate): Promise<void>
  /**
   * Replaces a template iff its stored version is still `template.version`; returns the
   * stored record with the version incremented. Throws ConcurrentUpdateError otherwise.
   */
  update(template: StoredClusterTemplate): Promise<StoredClusterTemplate>
  /**
   * Deletes iff the version still matches and no cluster references it (the store keeps a
   * reference count that cluster create/delete maintain transactionally). Throws
   * ConcurrentUpdateError or TemplateReferencedError.
   */
  delete(template: StoredClusterTemplate): Promise<void>
  /** Number of clusters that use the template. */
  referenceCount(uuid: string): Promise<number>
}
