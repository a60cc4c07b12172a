/** @module Stats (Magnum's /v1/stats): live cluster and node counts from the usage counters. */
export * from './get'
export * from './source'
