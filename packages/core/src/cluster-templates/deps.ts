import type { Authorizer } from '../ports/authorizer'
import type { CloudResourcesFactory } from '../ports/cloud'
import type { DriverCatalog } from '../ports/drivers'
import type { ClusterTemplateRepository } from './repository'

/** What the cluster-template use-cases need; the composition root supplies real adapters. */
export interface ClusterTemplateDeps {
  templates: ClusterTemplateRepository
  cloud: CloudResourcesFactory
  drivers: DriverCatalog
  policy: Authorizer
  now: () => Date
  newUuid: () => string
}

/**
 * The same records are served as cluster templates and, for Magnum Zed's legacy API, as
 * baymodels; only policy rule names and the name of the thing in messages differ.
 */
export interface TemplateFlavour {
  /** Policy rule prefix: `clustertemplate` or `baymodel`. */
  rules: 'clustertemplate' | 'baymodel'
  /** How messages name one record. */
  noun: 'ClusterTemplate' | 'BayModel'
}

export const CLUSTER_TEMPLATE: TemplateFlavour = {
  rules: 'clustertemplate',
  noun: 'ClusterTemplate',
}
export const BAYMODEL: TemplateFlavour = { rules: 'baymodel', noun: 'BayModel' }
