import type { TenantScope } from '../cluster-templates/repository'
import type { Federation, StoredFederation } from './model'

/** Port: federations, scoped by project like clusters. One real adapter: @berth/store. */
export interface FederationRepository {
  get(scope: TenantScope, uuid: string): Promise<StoredFederation | undefined>
  /** Every federation the scope reaches. Never a Scan. */
  list(scope: TenantScope): Promise<StoredFederation[]>
  /** Inserts (version 1); ConflictError if the uuid exists. */
  create(federation: Federation): Promise<StoredFederation>
  /** Replaces it iff the stored version is `federation.version`; ConcurrentUpdateError otherwise. */
  update(federation: StoredFederation): Promise<StoredFederation>
  /** Removes it iff the stored version matches; NotFoundError when it is gone. */
  delete(federation: StoredFederation): Promise<void>
}
