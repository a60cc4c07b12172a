/** @module Magnum-style collection paging over a caller's visible set. */
export * from './page'
