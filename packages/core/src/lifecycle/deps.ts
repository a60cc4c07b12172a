import type { ClusterTemplateRepository } from '../cluster-templates/repository'
import type { ClusterRepository } from '../clusters/repository'
import type { ClusterCloudFactory, CredentialIssuer } from '../ports/cluster-cloud'
import type { ClusterDriver, DriverKey } from '../ports/drivers'
import type { SecretBox } from '../ports/secrets'

/** The drivers as the lifecycle needs them: full drivers, not just descriptors. */
export interface ClusterDriverCatalog {
  find(key: DriverKey, name?: string): ClusterDriver | undefined
}

/** What the workflow steps need; the task Lambdas and the local runner supply real adapters. */
export interface LifecycleDeps {
  clusters: ClusterRepository
  templates: ClusterTemplateRepository
  drivers: ClusterDriverCatalog
  clouds: ClusterCloudFactory
  credentials: CredentialIssuer
  secrets: SecretBox
  now: () => Date
  settings: {
    /** Berth's API URL, for nodes calling back (Magnum's magnum_url). */
    apiUrl: string
    /** Longest wait between two polls of a stack, in seconds. */
    maxPollSeconds: number
  }
}
