import type { StoredClusterTemplate } from '@berth/core/cluster-templates/model'
import type { ClusterAggregate } from '@berth/core/clusters/model'
import { afterAll, beforeAll } from 'vitest'
import { newProject, templateFor } from './cluster-fixtures'
import { DynamoClusterTemplateRepository } from './cluster-templates'
import { DynamoClusterRepository, type DynamoClusterRepositoryOptions } from './clusters'
import { clusterSk, projectPk } from './keys'
import { ensureTable } from './migrate'
import { startTestDynamo, type TestDynamo } from './test-dynamodb'

export interface ClusterTable {
  ddb: TestDynamo
  repo: DynamoClusterRepository
  templates: DynamoClusterTemplateRepository
  /** A stored template of `projectId` (a new project by default) to make clusters from. */
  newTemplate(projectId?: string): Promise<StoredClusterTemplate>
  /** Every item under the cluster's SK prefix, read straight from the table. */
  itemsOf(a: ClusterAggregate): Promise<Record<string, unknown>[]>
}

/**
 * For one test file: DynamoDB Local with `table` made, and the cluster and template
 * repositories over it, ready from the file's first test (its fields are set in beforeAll).
 */
export const useClusterTable = (
  table: string,
  options: DynamoClusterRepositoryOptions = {}
): ClusterTable => {
  const t = {
    async newTemplate(projectId = newProject()) {
      const template = templateFor(projectId)
      await t.templates.create(template)
      return template
    },
    async itemsOf(a: ClusterAggregate) {
      const out = await t.ddb.db.query({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: {
          ':pk': projectPk(a.cluster.project_id),
          ':sk': clusterSk(a.cluster.uuid),
        },
        ConsistentRead: true,
      })
      return out.Items ?? []
    },
  } as ClusterTable
  beforeAll(async () => {
    t.ddb = await startTestDynamo()
    await ensureTable(t.ddb.db, table)
    t.repo = new DynamoClusterRepository(t.ddb.db, table, options)
    t.templates = new DynamoClusterTemplateRepository(t.ddb.db, table)
  }, 60_000)
  afterAll(async () => {
    await t.ddb?.stop()
  })
  return t
}
