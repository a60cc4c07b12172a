/** @module @berth/drivers — COE drivers and the registry that picks one. */
export * from './registry'
