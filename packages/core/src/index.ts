/** @module @berth/core — Berth's domain: rules, use-cases and the ports they need. */
export * from './errors'
export * from './principal'
