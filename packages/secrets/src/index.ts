/** @module @berth/secrets — SecretBox adapters: a local key file, and KMS envelope encryption. */
export * from './errors'
export * from './from-config'
export * from './kms-secret-box'
export * from './local-secret-box'
export { SEALED_PREFIX, SEALED_VERSION } from './sealed-format'
