import type { ClusterRepository } from '../clusters/repository'
import type { Authorizer } from '../ports/authorizer'
import type { FederationRepository } from './repository'

/** What the federation use-cases need. */
export interface FederationDeps {
  federations: FederationRepository
  /** Host and member clusters must exist and be the caller's to see. */
  clusters: Pick<ClusterRepository, 'get'>
  policy: Authorizer
  now: () => Date
  newUuid: () => string
}
