/** @module @berth/identity — who is calling: Keystone tokens and OIDC bearer JWTs. */
export * from './authenticator'
export * from './oidc'
