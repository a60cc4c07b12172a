import { type ServedBerth, serveApi } from '@berth/local/runtime'
import { type Config, publicUrl } from '@berth/shared/config'
import { inject } from 'vitest'
import type { BerthTestEnv } from './context'
import { type Identity, keystoneToken, type TestUser } from './keystone'

export { type Identity, keystoneToken, type TestUser }

export const testEnv = (): BerthTestEnv => inject('berthTestEnv')

/** Where `api()` sends requests: the Berth started last. */
let baseUrl: string | undefined

export interface RunningBerth {
  url: string
  config: Config
  /** The in-process workflow runner: `await berth.orchestrator.idle()` waits for workflows. */
  orchestrator: ServedBerth['orchestrator']
  /** One reconciler pass. */
  reconcile: ServedBerth['reconcile']
  stop(): Promise<void>
}

/**
 * The real API in this process over real HTTP, on the port the development cloud's catalog
 * lists, backed by the run's DynamoDB Local. One at a time: integration files run serially.
 */
export const startBerth = async (overrides: Partial<Config> = {}): Promise<RunningBerth> => {
  const config: Config = { ...testEnv().config, ...overrides }
  const served = await serveApi(config)
  baseUrl = publicUrl(config)
  return {
    url: served.url,
    config,
    orchestrator: served.orchestrator,
    reconcile: served.reconcile,
    stop: served.close,
  }
}

const identities = new Map<TestUser, Promise<Identity>>()

/** A project-scoped Keystone token and who it stands for, cached until near its expiry. */
export const identity = async (user: TestUser): Promise<Identity> => {
  const cached = identities.get(user)
  if (cached) {
    const known = await cached.catch(() => undefined)
    if (known && known.expiresAt - Date.now() > 60_000) return known
  }
  const fresh = keystoneToken(testEnv().authUrl, user)
  identities.set(user, fresh)
  return fresh
}

export const token = async (user: TestUser): Promise<string> => (await identity(user)).token

export interface ApiResponse<T = unknown> {
  status: number
  headers: Headers
  /** Parsed JSON, or undefined when the body was empty or not JSON (then see `text`). */
  body: T
  text: string
}

export interface RequestOptions {
  /** Serialised as JSON; use `raw` for bodies that must not be. */
  body?: unknown
  raw?: string
  /** Added to (or, with null, removed from) the default headers. */
  headers?: Record<string, string | null>
}

export interface ApiClient {
  request<T = unknown>(
    method: string,
    path: string,
    options?: RequestOptions
  ): Promise<ApiResponse<T>>
  get<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>
  post<T = unknown>(path: string, body: unknown, options?: RequestOptions): Promise<ApiResponse<T>>
  patch<T = unknown>(path: string, body: unknown, options?: RequestOptions): Promise<ApiResponse<T>>
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>
}

const parse = (text: string): unknown => {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Calls the running Berth as `user` (no token at all when omitted), the way python-magnumclient
 * does: X-Auth-Token and `OpenStack-API-Version: container-infra latest`. Paths are relative to
 * the API root, e.g. `/v1/clustertemplates`.
 */
export const api = (user?: TestUser): ApiClient => {
  const request = async <T>(method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'OpenStack-API-Version': 'container-infra latest',
    }
    if (user) headers['X-Auth-Token'] = await token(user)
    let body: string | undefined = options.raw
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['Content-Type'] = 'application/json'
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase())
      if (existing) delete headers[existing]
      if (value !== null) headers[name] = value
    }
    const root = baseUrl ?? publicUrl(testEnv().config)
    const res = await fetch(`${root}${path}`, { method, headers, body })
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: parse(text) as T, text }
  }
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  }
}
