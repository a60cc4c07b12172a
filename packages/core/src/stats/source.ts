/** What a project (or every project) holds, as the usage items count it. */
export interface UsageTotals {
  clusters: number
  /** Σ node_count of every nodegroup, masters included. */
  nodes: number
  /** Σ node_count × the flavor's vCPUs, where known. */
  vcpus: number
}

/**
 * Port: usage counters kept by the store in the same transactions as the clusters they count,
 * so stats never scan clusters. One real adapter: @berth/store.
 */
export interface StatsSource {
  /** One project's totals; zeros for a project that never had a cluster. */
  project(projectId: string): Promise<UsageTotals>
  /** The sum over every project. */
  global(): Promise<UsageTotals>
}
