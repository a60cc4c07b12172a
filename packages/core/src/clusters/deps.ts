import type { ClusterTemplateDeps } from '../cluster-templates/deps'
import type { CredentialIssuer } from '../ports/cluster-cloud'
import type { Orchestrator } from '../ports/orchestrator'
import type { SecretBox } from '../ports/secrets'
import type { ClusterRepository } from './repository'

/** How many clusters and nodes a project may hold. */
export interface QuotaLimits {
  maxClusters: number
  /** undefined = no limit. */
  maxNodes: number | undefined
  /** Most vCPUs of all the project's nodes; undefined = no limit. */
  maxVcpus?: number | undefined
}

/** Where a project's limits come from: configuration today, the quotas API later. */
export interface QuotaSource {
  limitsFor(projectId: string): Promise<QuotaLimits>
}

/** The limits every project gets when nothing else is stored (Magnum's max_clusters_per_project). */
export const fixedQuota = (maxClusters: number, maxNodes?: number): QuotaSource => ({
  limitsFor: async () => ({ maxClusters, maxNodes }),
})

/**
 * What the cluster and nodegroup use-cases need. It includes everything the template
 * use-cases need, because clusters find their template the way a template GET does.
 */
export interface ClusterDeps extends ClusterTemplateDeps {
  clusters: ClusterRepository
  credentials: CredentialIssuer
  secrets: SecretBox
  orchestrator: Orchestrator
  quotas: QuotaSource
  /** Best-effort clean-ups that fail are reported here instead of failing the request. */
  warn?: (message: string, details: Record<string, unknown>) => void
}

/**
 * The same records are served as clusters and, for Magnum Zed's legacy API, as bays: only the
 * policy rule prefix and a few defaults differ.
 */
export interface ClusterFlavour {
  /** Policy rule prefix: `cluster` or `bay`. */
  rules: 'cluster' | 'bay'
  /** Suffix of generated names: `zeta-22-cluster` or `zeta-22-bay`. */
  nameSuffix: 'cluster' | 'bay'
}

export const CLUSTER: ClusterFlavour = { rules: 'cluster', nameSuffix: 'cluster' }
export const BAY: ClusterFlavour = { rules: 'bay', nameSuffix: 'bay' }
