import type { FaultRegistry } from './faults/registry'
import type { Settlement } from './settlement'
import type { DevCloudState } from './state'

/** Where each service lives under the cloud's single port. Future services add a prefix here. */
export const SERVICE_PREFIXES = {
  image: '/image',
  compute: '/compute',
  network: '/network',
  orchestration: '/heat-api',
  loadBalancer: '/load-balancer',
  volume: '/volume',
} as const

/** The development cloud's own control API (faults, timing); not an OpenStack service. */
export const CONTROL_PREFIX = '/devcloud'

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

/**
 * How long the cloud's asynchronous work takes. Real clouds take minutes; locally a stack
 * should finish within a fraction of a second, and tests shorten or lengthen these at will
 * (the object is live: changes apply to work that starts afterwards).
 */
export interface DevCloudTiming {
  /** One Heat resource action (create, update, delete) from IN_PROGRESS to COMPLETE. */
  heatResourceMs: number
  /** A Nova server from BUILD to ACTIVE (or ERROR). */
  serverBuildMs: number
  /** An Octavia object from PENDING_* to ACTIVE (or gone). */
  loadBalancerMs: number
  /** A Cinder volume from creating to available, and from deleting to gone. */
  volumeBuildMs: number
  /** The length of one of Heat's `timeout_mins` minutes; tests shrink it to see timeouts. */
  heatMinuteMs: number
  /** How long a DELETE_COMPLETE stack stays visible by id before Heat purges it. */
  deletedStackRetentionMs: number
}

export const DEFAULT_TIMING: DevCloudTiming = {
  heatResourceMs: 10,
  serverBuildMs: 10,
  loadBalancerMs: 10,
  volumeBuildMs: 10,
  heatMinuteMs: 60_000,
  deletedStackRetentionMs: 10 * 60_000,
}

/** What every service handler gets: the state, the configuration and the clock. */
export interface DevCloud {
  state: DevCloudState
  config: DevCloudConfig
  timing: DevCloudTiming
  faults: FaultRegistry
  /** Moves time-driven work (builds, provisioning, stacks) up to now. */
  settlement: Settlement
  now: () => Date
  log: (line: string) => void
}

export const identityUrl = (cloud: DevCloud): string => `${cloud.config.baseUrl()}/v3`
