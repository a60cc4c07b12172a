/** @module Cluster certificates: the CAs made at create, CSR signing, CA rotation. */
export * from './client-tls'
export * from './deps'
export * from './issue'
export * from './model'
export * from './read'
export * from './rotate'
export * from './sign'
