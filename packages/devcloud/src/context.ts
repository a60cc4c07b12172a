import type { DevCloudState } from './state'

/** Where each service lives under the cloud's single port. Future services add a prefix here. */
export const SERVICE_PREFIXES = {
  image: '/image',
  compute: '/compute',
  network: '/network',
} as const

export interface DevCloudConfig {
  /**
   * scheme://host:port of the cloud. A function because `port: 0` is only known once the
   * server listens, after the app is built.
   */
  baseUrl: () => string
  /** Berth's own API, listed in the catalog as `container-infra` (name `magnum`). */
  berthEndpoint: string
  region: string
  tokenTtlSeconds: number
}

/** What every service handler gets: the state, the configuration and the clock. */
export interface DevCloud {
  state: DevCloudState
  config: DevCloudConfig
  now: () => Date
  log: (line: string) => void
}

export const identityUrl = (cloud: DevCloud): string => `${cloud.config.baseUrl()}/v3`
