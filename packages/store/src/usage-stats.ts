import type { DynamoDb } from '@berth/aws/dynamodb'
import type { StatsSource, UsageTotals } from '@berth/core/stats/source'
import { fromUsageItem, readUsage } from './cluster-usage'
import { asStoreError } from './errors'
import { allUsageQuery } from './keys'
import { queryAll } from './query'

/**
 * Stats from the usage items the cluster transactions keep: one GetItem for a project, one
 * Query of the USAGE partition of GSI2 for every project. Never a Scan of clusters.
 * @example
 * const stats = new DynamoUsageStats(db, config.BERTH_TABLE_NAME)
 * const { clusters, nodes } = await stats.global()
 */
export class DynamoUsageStats implements StatsSource {
  constructor(
    private readonly db: DynamoDb,
    private readonly tableName: string
  ) {}

  project(projectId: string): Promise<UsageTotals> {
    return readUsage(this.db, this.tableName, projectId)
  }

  async global(): Promise<UsageTotals> {
    try {
      const items = await queryAll(this.db, this.tableName, allUsageQuery())
      return items.map(fromUsageItem).reduce(
        (sum, u) => ({
          clusters: sum.clusters + u.clusters,
          nodes: sum.nodes + u.nodes,
          vcpus: sum.vcpus + u.vcpus,
        }),
        { clusters: 0, nodes: 0, vcpus: 0 }
      )
    } catch (e) {
      throw asStoreError(e)
    }
  }
}
