/**
 * @module
 * Berth's single-table DynamoDB store: the table's shape and its migration, the clients, every
 * key (keys.ts), and repositories implementing the core's ports. Tenant scoping, conditional
 * writes and transactions live here; nothing outside this package builds a key or an expression.
 */
export * from './audit-log'
export * from './client'
export * from './cluster-item'
export * from './cluster-template-item'
export * from './cluster-template-refs'
export * from './cluster-templates'
export * from './cluster-usage'
export * from './cluster-writes'
export * from './clusters'
export * from './errors'
export * from './expression'
export * from './federations'
export * from './keys'
export * from './migrate'
export * from './query'
export * from './quotas'
export * from './service-heartbeats'
export * from './table'
export * from './table-probe'
export * from './transact'
export * from './usage-stats'
