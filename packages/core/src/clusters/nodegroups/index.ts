/** @module Nodegroups (µ1.9): use-cases and rules. */
export * from './create'
export * from './delete'
export * from './input'
export * from './read'
export * from './rules'
export * from './update'
