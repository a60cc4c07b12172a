import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { type Context, Hono } from 'hono'
import { cinderApp } from './cinder/index'
import { settleVolumes } from './cinder/volumes-service'
import {
  CONTROL_PREFIX,
  DEFAULT_TIMING,
  type DevCloud,
  type DevCloudTiming,
  SERVICE_PREFIXES,
} from './context'
import { faultMiddleware } from './faults/middleware'
import { FaultRegistry } from './faults/registry'
import { controlApp } from './faults/routes'
import { glanceApp } from './glance/index'
import { heatApp } from './heat/index'
import { settleStacks } from './heat/stack/store'
import { keystoneApp } from './keystone/index'
import { neutronApp } from './neutron/index'
import { novaApp } from './nova/index'
import { settleServers } from './nova/servers-service'
import { octaviaApp } from './octavia/index'
import { settleOctavia } from './octavia/lb-service'
import { seedState } from './seed'
import { serviceError, serviceOf } from './services'
import { Settlement } from './settlement'
import { DevCloudState } from './state'

export const DEFAULT_BERTH_ENDPOINT = 'http://127.0.0.1:9511/v1'
/** Keystone's default token lifetime. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600

export interface DevCloudOptions {
  /** Berth's API URL, listed in the catalog as `container-infra`. */
  berthEndpoint?: string
  /** A JSON file that keeps the state across restarts; absent ⇒ in memory only. */
  stateFile?: string
  tokenTtlSeconds?: number
  /** Where errors (and, with `logRequests`, one line per request) are written. */
  log?: (line: string) => void
  logRequests?: boolean
  /** scheme://host:port clients reach the cloud at (catalog, links). Default http://127.0.0.1:5000. */
  baseUrl?: string | (() => string)
  /** The clock, for tests of expiry. */
  now?: () => Date
  /** How long asynchronous work takes (builds, provisioning, Heat resources). */
  timing?: Partial<DevCloudTiming>
  /** Randomness for faults that hit a fraction of requests (tests make it deterministic). */
  random?: () => number
}

/** Builds the cloud: its state (loaded or seeded) and the Hono app serving every service. */
export const createDevCloud = (options: DevCloudOptions = {}): { app: Hono; cloud: DevCloud } => {
  const now = options.now ?? (() => new Date())
  const { baseUrl } = options
  const log = options.log ?? (() => {})
  const state = DevCloudState.open({ file: options.stateFile, seed: () => seedState(now()), now })
  const cloud: DevCloud = {
    state,
    config: {
      baseUrl: typeof baseUrl === 'function' ? baseUrl : () => baseUrl ?? 'http://127.0.0.1:5000',
      berthEndpoint: options.berthEndpoint ?? DEFAULT_BERTH_ENDPOINT,
      region: 'RegionOne',
      tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    },
    timing: { ...DEFAULT_TIMING, ...options.timing },
    faults: new FaultRegistry(options.random),
    settlement: new Settlement(state, now, log),
    now,
    log,
  }
  cloud.settlement.register('nova', (at) => settleServers(cloud, at))
  cloud.settlement.register('octavia', (at) => settleOctavia(cloud, at))
  cloud.settlement.register('cinder', (at) => settleVolumes(cloud, at))
  cloud.settlement.register('heat', (at) => settleStacks(cloud, at))
  // Work left in flight by an earlier run (a persisted state) carries on.
  cloud.settlement.wake()
  // Trailing slashes are optional: clients discover `…/image` and `…/image/` alike.
  const app = new Hono({ strict: false })
  if (options.logRequests) {
    app.use(async function requestLog(c, next) {
      const started = Date.now()
      await next()
      cloud.log(
        `${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${Date.now() - started}ms`
      )
    })
  }
  app.use(faultMiddleware(cloud))
  // Every answer reflects the cloud as of now: due builds, provisioning and stack steps first.
  app.use(async function settleFirst(_c, next) {
    cloud.settlement.run()
    await next()
  })
  app.route(CONTROL_PREFIX, controlApp(cloud))
  app.route(SERVICE_PREFIXES.image, glanceApp(cloud))
  app.route(SERVICE_PREFIXES.compute, novaApp(cloud))
  app.route(SERVICE_PREFIXES.network, neutronApp(cloud))
  app.route(SERVICE_PREFIXES.orchestration, heatApp(cloud))
  app.route(SERVICE_PREFIXES.loadBalancer, octaviaApp(cloud))
  app.route(SERVICE_PREFIXES.volume, cinderApp(cloud))
  app.route('/', keystoneApp(cloud))
  app.notFound((c) => notFoundFor(c, cloud))
  return { app, cloud }
}

/** An unknown path, answered in the format of the service whose prefix it is under. */
const notFoundFor = (c: Context, cloud: DevCloud) => {
  const target = serviceOf(new URL(c.req.url).pathname)
  const service = target.service === 'control' ? 'identity' : target.service
  return serviceError(c, cloud, service, 404, 'The resource could not be found.')
}

/** The Hono app alone, for in-process tests with `app.request()`. */
export const createDevCloudApp = (options: DevCloudOptions = {}): Hono =>
  createDevCloud(options).app

export interface StartDevCloudOptions extends Omit<DevCloudOptions, 'baseUrl'> {
  /** 0 ⇒ any free port. Default 5000. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
}

export interface RunningDevCloud {
  /** Keystone v3 URL: OS_AUTH_URL. */
  authUrl: string
  port: number
  baseUrl: string
  /** Injected faults: HTTP errors, latency and hangs, stuck stacks, failing resources. */
  faults: FaultRegistry
  /** Live timing of asynchronous work; change it to slow down or speed up the cloud. */
  timing: DevCloudTiming
  /** The cloud itself (state, clock), for tests that look behind the API. */
  cloud: DevCloud
  close(): Promise<void>
}

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host)

/** Serves the development cloud on one port; rejects with a clear error if the port is taken. */
export const startDevCloud = async (
  options: StartDevCloudOptions = {}
): Promise<RunningDevCloud> => {
  const host = options.host ?? '127.0.0.1'
  const wanted = options.port ?? 5000
  let baseUrl = `http://${urlHost(host)}:${wanted}`
  const { app, cloud } = createDevCloud({ ...options, baseUrl: () => baseUrl })
  const server = createServer(getRequestListener(app.fetch))
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      cloud.settlement.close()
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`development cloud: port ${wanted} on ${host} is already in use`)
          : err
      )
    })
    server.listen(wanted, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  baseUrl = `http://${urlHost(host)}:${port}`
  return {
    authUrl: `${baseUrl}/v3`,
    port,
    baseUrl,
    faults: cloud.faults,
    timing: cloud.timing,
    cloud,
    close: () =>
      new Promise<void>((resolve, reject) => {
        cloud.settlement.close()
        // Requests held by a `hang` fault end now rather than with the server.
        cloud.faults.clear()
        server.close((err) => (err ? reject(err) : resolve()))
        // Clients keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections()
      }),
  }
}
