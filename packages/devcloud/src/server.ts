import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { type Context, Hono } from 'hono'
import { type DevCloud, SERVICE_PREFIXES } from './context'
import { glanceError } from './glance/errors'
import { glanceApp } from './glance/index'
import { keystoneApp, keystoneError } from './keystone/index'
import { neutronError } from './neutron/errors'
import { neutronApp } from './neutron/index'
import { novaError } from './nova/errors'
import { novaApp } from './nova/index'
import { seedState } from './seed'
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
}

/** Builds the cloud: its state (loaded or seeded) and the Hono app serving every service. */
export const createDevCloud = (options: DevCloudOptions = {}): { app: Hono; cloud: DevCloud } => {
  const now = options.now ?? (() => new Date())
  const { baseUrl } = options
  const cloud: DevCloud = {
    state: DevCloudState.open({ file: options.stateFile, seed: () => seedState(now()), now }),
    config: {
      baseUrl: typeof baseUrl === 'function' ? baseUrl : () => baseUrl ?? 'http://127.0.0.1:5000',
      berthEndpoint: options.berthEndpoint ?? DEFAULT_BERTH_ENDPOINT,
      region: 'RegionOne',
      tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    },
    now,
    log: options.log ?? (() => {}),
  }
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
  app.route(SERVICE_PREFIXES.image, glanceApp(cloud))
  app.route(SERVICE_PREFIXES.compute, novaApp(cloud))
  app.route(SERVICE_PREFIXES.network, neutronApp(cloud))
  app.route('/', keystoneApp(cloud))
  app.notFound((c) => notFoundFor(c, cloud))
  return { app, cloud }
}

/** An unknown path, answered in the format of the service whose prefix it is under. */
const notFoundFor = (c: Context, cloud: DevCloud) => {
  const path = new URL(c.req.url).pathname
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`)
  if (under(SERVICE_PREFIXES.image)) return glanceError(c, 404, 'The resource could not be found.')
  if (under(SERVICE_PREFIXES.compute)) return novaError(c, 404, 'The resource could not be found.')
  if (under(SERVICE_PREFIXES.network)) {
    return neutronError(c, 404, 'The resource could not be found.')
  }
  return keystoneError(c, cloud, 404, 'The resource could not be found.')
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
  const { app } = createDevCloud({ ...options, baseUrl: () => baseUrl })
  const server = createServer(getRequestListener(app.fetch))
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        // Clients keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections()
      }),
  }
}
