import * as z from 'zod/mini'
import { errorMessageFrom, type OpenStackError, redactUrl, scrub } from './errors'
import { openStackError } from './workflow-errors'

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Methods that may be sent twice without changing the outcome (RFC 9110 §9.2.2). */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE'])

export interface RequestSpec {
  /** Service name for errors and logs: 'keystone', 'glance', 'nova', 'neutron' … */
  service: string
  method: HttpMethod
  url: string
  query?: Record<string, string | number | boolean | undefined>
  /** Sent as X-Auth-Token; never logged and blanked out of error messages. */
  token?: string
  /** Serialised as JSON. */
  body?: unknown
  headers?: Record<string, string>
  /** Overrides the method's idempotency, e.g. Keystone's POST /auth/tokens is safe to repeat. */
  idempotent?: boolean
  timeoutMs?: number
  /** Further values (passwords, secrets) to blank out should a service echo them back. */
  secrets?: readonly string[]
  signal?: AbortSignal
  /**
   * 'manual' hands a 3xx back as the response instead of following it: services build
   * Location from their own idea of their address, which is wrong behind proxies.
   * @default 'follow'
   */
  redirect?: 'follow' | 'manual'
}

export interface HttpResponse {
  status: number
  headers: Headers
  /** Parsed JSON, the raw text for other content, undefined when empty. */
  body: unknown
}

/** One attempt, for structured logs. Carries no token and a redacted URL. */
export interface HttpEvent {
  service: string
  method: HttpMethod
  url: string
  attempt: number
  status: number
  durationMs: number
  outcome: 'ok' | 'error' | 'retry'
}

export interface HttpClientOptions {
  fetch?: typeof fetch
  /** Per attempt. @default 10000 */
  timeoutMs?: number
  /** Further attempts after the first for idempotent requests. @default 2 */
  retries?: number
  /** First backoff step; doubles each attempt. @default 250 */
  backoffBaseMs?: number
  /** @default 4000 */
  backoffMaxMs?: number
  /** Injected for tests. */
  random?: () => number
  sleep?: (ms: number) => Promise<void>
  onEvent?: (event: HttpEvent) => void
  userAgent?: string
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const withQuery = (url: string, query: RequestSpec['query']): string => {
  if (query === undefined) return url
  const u = new URL(url)
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v))
  return u.toString()
}

const parseBody = (text: string, contentType: string | null): unknown => {
  if (text === '') return undefined
  if (contentType?.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

const retryAfterMs = (headers: Headers): number | undefined => {
  const v = headers.get('retry-after')
  if (v === null) return undefined
  const seconds = Number(v)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}

/**
 * The one way Berth talks HTTP to OpenStack: JSON in and out, a timeout per attempt, and retries
 * with exponential backoff and full jitter for idempotent requests that failed on the server's
 * side (5xx, connection errors, timeouts). 4xx answers are never retried: repeating the same
 * request cannot change them.
 *
 * @example
 * const http = new HttpClient({ timeoutMs: 5000 })
 * const res = await http.request({ service: 'nova', method: 'GET', url, token })
 */
export class HttpClient {
  private readonly fetchImpl: typeof fetch
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly backoffBaseMs: number
  private readonly backoffMaxMs: number
  private readonly random: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly onEvent: ((e: HttpEvent) => void) | undefined
  private readonly userAgent: string

  constructor(options: HttpClientOptions = {}) {
    this.fetchImpl = options.fetch ?? fetch
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.retries = options.retries ?? 2
    this.backoffBaseMs = options.backoffBaseMs ?? 250
    this.backoffMaxMs = options.backoffMaxMs ?? 4000
    this.random = options.random ?? Math.random
    this.sleep = options.sleep ?? defaultSleep
    this.onEvent = options.onEvent
    this.userAgent = options.userAgent ?? 'berth'
  }

  /** Backoff before retry number `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))]. */
  backoffMs(attempt: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (attempt - 1))
    return Math.floor(this.random() * ceiling)
  }

  /**
   * Sends the request; resolves for 2xx/3xx, throws OpenStackError otherwise, as the subclass
   * that names its workflow error (see WORKFLOW_ERROR_NAMES).
   */
  async request(spec: RequestSpec): Promise<HttpResponse> {
    const url = withQuery(spec.url, spec.query)
    const safeUrl = redactUrl(url)
    const secrets = [...(spec.token === undefined ? [] : [spec.token]), ...(spec.secrets ?? [])]
    const idempotent = spec.idempotent ?? IDEMPOTENT.has(spec.method)
    const maxAttempts = idempotent ? this.retries + 1 : 1
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.userAgent,
      ...spec.headers,
    }
    if (spec.token !== undefined) headers['X-Auth-Token'] = spec.token
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json'
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body)
    const fail = (init: Omit<ConstructorParameters<typeof OpenStackError>[0], 'service'>) =>
      openStackError({ service: spec.service, ...init, detail: scrub(init.detail, secrets) })

    for (let attempt = 1; ; attempt++) {
      const started = Date.now()
      const timeout = AbortSignal.timeout(spec.timeoutMs ?? this.timeoutMs)
      const signal = spec.signal === undefined ? timeout : AbortSignal.any([timeout, spec.signal])
      const event = (status: number, outcome: HttpEvent['outcome']) =>
        this.onEvent?.({
          service: spec.service,
          method: spec.method,
          url: safeUrl,
          attempt,
          status,
          durationMs: Date.now() - started,
          outcome,
        })
      let res: Response
      let text: string
      try {
        res = await this.fetchImpl(url, {
          method: spec.method,
          headers,
          body,
          signal,
          redirect: spec.redirect ?? 'follow',
        })
        text = await res.text()
      } catch (cause) {
        // The caller gave up: not a failure of the service, and not ours to retry.
        if (spec.signal?.aborted) throw spec.signal.reason
        const failure = timeout.aborted ? 'timeout' : 'network'
        const lastTry = attempt >= maxAttempts
        event(0, lastTry ? 'error' : 'retry')
        if (lastTry) {
          const detail = failure === 'timeout' ? 'no response in time' : 'connection failed'
          throw fail({ method: spec.method, url: safeUrl, status: 0, failure, detail, cause })
        }
        await this.sleep(this.backoffMs(attempt))
        continue
      }
      if (res.status < 400) {
        event(res.status, 'ok')
        return {
          status: res.status,
          headers: res.headers,
          body: parseBody(text, res.headers.get('content-type')),
        }
      }
      if (res.status >= 500 && attempt < maxAttempts) {
        event(res.status, 'retry')
        const hinted = retryAfterMs(res.headers)
        const wait = this.backoffMs(attempt)
        await this.sleep(
          hinted === undefined ? wait : Math.min(Math.max(wait, hinted), this.backoffMaxMs)
        )
        continue
      }
      event(res.status, 'error')
      throw fail({
        method: spec.method,
        url: safeUrl,
        status: res.status,
        failure: 'http',
        detail: errorMessageFrom(text) ?? `${res.status} ${res.statusText}`.trim(),
      })
    }
  }

  /** Like request, then parses the body with `schema`; a body that does not fit is the service's fault. */
  async requestJson<S extends z.core.$ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    const res = await this.request(spec)
    const parsed = z.safeParse(schema, res.body)
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')
      throw openStackError({
        service: spec.service,
        method: spec.method,
        url: redactUrl(withQuery(spec.url, spec.query)),
        status: res.status,
        failure: 'invalid-response',
        detail: `unexpected response body (${where})`,
      })
    }
    return parsed.data
  }
}
