/** @module Federations (Magnum's /v1/federations): the records Magnum's API kept. */
export * from './create'
export * from './deps'
export * from './input'
export * from './lookup'
export * from './model'
export * from './read'
export * from './repository'
export * from './update'
