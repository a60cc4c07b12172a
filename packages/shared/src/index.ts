/** @module @berth/shared — configuration and small cross-cutting helpers. */
export * from './config'
export * from './logger'
export * from './metrics'
