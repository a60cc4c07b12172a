import type { StepDeps } from '@berth/core/lifecycle/deps'
import type { Config } from '@berth/shared/config'
import { createDynamoClients } from '@berth/store/client'
import { DynamoClusterTemplateRepository } from '@berth/store/cluster-templates'
import { DynamoClusterRepository } from '@berth/store/clusters'

/** The cluster and template repositories, over one DynamoDB client. */
export const storeParts = (config: Config): StepDeps<'clusters' | 'templates'> => {
  const { doc } = createDynamoClients({
    endpoint: config.BERTH_DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
  })
  return {
    clusters: new DynamoClusterRepository(doc, config.BERTH_TABLE_NAME),
    templates: new DynamoClusterTemplateRepository(doc, config.BERTH_TABLE_NAME),
  }
}

/** The workflow's clock. */
export const now = () => new Date()
