import type { StepDeps } from '@berth/core/lifecycle/deps'
import type { Config } from '@berth/shared/config'
import { createDynamoClient } from '@berth/store/client'
import { DynamoClusterTemplateRepository } from '@berth/store/cluster-templates'
import { DynamoClusterRepository } from '@berth/store/clusters'

/** The cluster and template repositories, over one DynamoDB client. */
export const storeParts = (config: Config): StepDeps<'clusters' | 'templates'> => {
  const db = createDynamoClient({
    endpoint: config.BERTH_DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
  })
  return {
    clusters: new DynamoClusterRepository(db, config.BERTH_TABLE_NAME),
    templates: new DynamoClusterTemplateRepository(db, config.BERTH_TABLE_NAME),
  }
}

/** The workflow's clock. */
export const now = () => new Date()
