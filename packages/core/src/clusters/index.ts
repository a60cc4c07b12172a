/** @module Clusters, bays and nodegroups: the model, statuses and use-cases. */
export * from './model'
export * from './repository'
export * from './status'
