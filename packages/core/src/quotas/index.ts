/** @module Quotas (Magnum's /v1/quotas, plus Node and VCPU): model, rules and use-cases. */
export * from './deps'
export * from './input'
export * from './limits'
export * from './model'
export * from './read'
export * from './repository'
export * from './vcpus'
export * from './write'
