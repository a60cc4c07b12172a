/** @module Credential rotation (Magnum µ1.12 PATCH /v1/credentials/{cluster}). */
export * from './delete'
export * from './push'
export * from './rotate'
