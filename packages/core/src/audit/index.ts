/** @module Audit: CADF records of every change, kept per project and read back newest first. */
export * from './events'
export * from './model'
export * from './read'
