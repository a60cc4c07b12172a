/** @module Berth's own components as Magnum's /v1/mservices: heartbeats and probes. */
export * from './list'
export * from './model'
