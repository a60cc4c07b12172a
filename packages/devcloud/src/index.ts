/**
 * @berth/devcloud — a development cloud: an OpenStack-API-compatible server on loopback with
 * the subsets of Keystone v3, Glance v2, Nova, Neutron, Heat and Octavia that Berth uses. It is for local
 * development and tests, not a real cloud. Berth's runtime never imports it; it talks to it
 * over HTTP like to any cloud.
 *
 * @example
 * ```ts
 * const cloud = await startDevCloud({ port: 0 })
 * // OS_AUTH_URL=cloud.authUrl, user demo/demo, project demo
 * await cloud.close()
 * ```
 */
export type { DevCloud, DevCloudConfig, DevCloudTiming } from './context'
export { CONTROL_PREFIX, DEFAULT_TIMING, SERVICE_PREFIXES } from './context'
export type { Fault, FaultSpec } from './faults/model'
export { FaultRegistry } from './faults/registry'
export { seedIds, seedState } from './seed'
export {
  createDevCloud,
  createDevCloudApp,
  DEFAULT_BERTH_ENDPOINT,
  DEFAULT_TOKEN_TTL_SECONDS,
  type DevCloudOptions,
  type RunningDevCloud,
  type StartDevCloudOptions,
  startDevCloud,
} from './server'
export { StateFileError } from './state'
