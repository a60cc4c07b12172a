import {
  type BerthError,
  ConflictError,
  DependencyError,
  ForbiddenError,
  InvalidError,
  isBerthError,
  NotFoundError,
  UnauthorizedError,
} from '@berth/core/errors'

/**
 * Why a request to an OpenStack service failed: an HTTP error status, no answer at all
 * (connection refused/reset, DNS), no answer in time, or an answer we could not understand.
 */
export type OpenStackFailure = 'http' | 'network' | 'timeout' | 'invalid-response'

/** Keystone's own wording, kept because clients and scripts match on it. */
export const AUTHENTICATION_REQUIRED = 'The request you have made requires authentication.'

/**
 * A failed call to an OpenStack service. `url` never carries credentials (user info and
 * secret-looking query values are redacted) and `detail` is the service's own message with any
 * token or secret sent in the request blanked out, so both are safe to log.
 *
 * @example
 * try { await http.request(spec) } catch (e) {
 *   if (e instanceof OpenStackError && e.status === 404) return undefined
 *   throw toCoreError(e)
 * }
 */
export class OpenStackError extends Error {
  readonly service: string
  readonly method: string
  readonly url: string
  /** HTTP status, 0 when no response arrived. */
  readonly status: number
  readonly failure: OpenStackFailure
  /** The service's own explanation, parsed from whichever error format it speaks. */
  readonly detail: string

  constructor(init: {
    service: string
    method: string
    url: string
    status: number
    failure: OpenStackFailure
    detail: string
    cause?: unknown
  }) {
    const what = init.status === 0 ? init.failure : String(init.status)
    super(
      `${init.service} ${init.method} ${init.url} failed (${what}): ${init.detail}`,
      init.cause === undefined ? undefined : { cause: init.cause }
    )
    this.name = 'OpenStackError'
    this.service = init.service
    this.method = init.method
    this.url = init.url
    this.status = init.status
    this.failure = init.failure
    this.detail = init.detail
  }
}

const SENSITIVE_QUERY_KEY = /token|secret|password|passwd|credential|signature|key/i

/** Drops user info and secret-looking query values so a URL can go into messages and logs. */
export const redactUrl = (raw: string): string => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return '<invalid url>'
  }
  url.username = ''
  url.password = ''
  for (const key of [...url.searchParams.keys()]) {
    if (SENSITIVE_QUERY_KEY.test(key)) url.searchParams.set(key, '***')
  }
  return url.toString()
}

const MAX_DETAIL = 500

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined

/** Every JSON error shape OpenStack services use, most specific first. */
const messageFromJson = (body: unknown): string | undefined => {
  const o = asRecord(body)
  if (o === undefined) return str(body)
  // Keystone and Heat: {"error": {"message": …}}
  const error = asRecord(o.error)
  if (error !== undefined && str(error.message) !== undefined) return str(error.message)
  // Neutron: {"NeutronError": {"message": …}}; very old Neutron sent the string directly.
  if ('NeutronError' in o) return str(asRecord(o.NeutronError)?.message) ?? str(o.NeutronError)
  // WSME services (Magnum, Octavia): {"faultstring": …}
  if (str(o.faultstring) !== undefined) return str(o.faultstring)
  // API-SIG shape (Magnum, Placement): {"errors": [{"title", "detail"}]}
  if (Array.isArray(o.errors)) {
    const first = asRecord(o.errors[0])
    const m = str(first?.detail) ?? str(first?.title)
    if (m !== undefined) return m
  }
  // WebOb JSON (Glance, Heat): {"title", "explanation"} with optional "message"
  const webob = str(o.message) ?? str(o.explanation) ?? str(o.title)
  if (webob !== undefined) return webob
  // Nova: {"<faultName>": {"code", "message"}}
  const keys = Object.keys(o)
  if (keys.length === 1 && keys[0] !== undefined) return str(asRecord(o[keys[0]])?.message)
  return undefined
}

const fromCodePoint = (n: number): string => (n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd')

/** WebOb's text and HTML pages start with the status line, which says nothing new. */
const messageFromText = (text: string): string | undefined => {
  const plain = text
    .replace(/<head[\s\S]*?<\/head>/gi, '')
    .replace(/<(br|p|h\d|div|\/h\d|\/p|\/div)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, hex: string) => fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d{1,7});/g, (_, dec: string) => fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&amp;/g, '&')
  const lines = plain
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
  if (lines.length > 1 && /^\d{3}( |$)/.test(lines[0] ?? '')) lines.shift()
  const joined = lines.join(' ')
  return joined === '' ? undefined : joined
}

/**
 * The human message in an OpenStack error body: Keystone `{"error":{"message"}}`, Nova
 * `{"<fault>":{"message"}}`, Neutron `{"NeutronError":{"message"}}`, WebOb JSON
 * `{"title","explanation"}`, WSME `{"faultstring"}`, API-SIG `{"errors":[…]}`, or text/HTML.
 *
 * @example
 * errorMessageFrom('{"itemNotFound":{"code":404,"message":"Flavor x could not be found."}}')
 * // → 'Flavor x could not be found.'
 */
export const errorMessageFrom = (text: string): string | undefined => {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  let message: string | undefined
  if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
    try {
      message = messageFromJson(JSON.parse(trimmed))
    } catch {
      message = messageFromText(trimmed)
    }
  } else {
    message = messageFromText(trimmed)
  }
  if (message === undefined) return undefined
  return message.length > MAX_DETAIL ? `${message.slice(0, MAX_DETAIL)}…` : message
}

/** Replaces every secret that was sent with the request, should a service echo one back. */
export const scrub = (text: string, secrets: readonly string[]): string => {
  let out = text
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***')
  return out
}

/**
 * Turns a failure from the OpenStack layer into the core error the API renders. Domain errors
 * pass through; anything the caller cannot fix becomes DependencyError naming the service.
 *
 * @example
 * await glance.getImage(id).catch((e) => { throw toCoreError(e) })
 */
export const toCoreError = (e: unknown): BerthError => {
  if (isBerthError(e)) return e
  if (!(e instanceof OpenStackError)) {
    return new DependencyError('openstack', 'unexpected failure', { cause: e })
  }
  if (e.failure !== 'http') {
    const why =
      e.failure === 'timeout'
        ? 'did not answer in time'
        : e.failure === 'network'
          ? 'could not be reached'
          : 'sent a response Berth could not understand'
    return new DependencyError(e.service, why, { cause: e })
  }
  switch (e.status) {
    case 400:
      return new InvalidError(e.detail, { cause: e })
    case 401:
      return new UnauthorizedError(AUTHENTICATION_REQUIRED, { cause: e })
    case 403:
      return new ForbiddenError(e.detail)
    case 404:
      return new NotFoundError(e.detail)
    case 409:
      return new ConflictError(e.detail)
    default:
      return new DependencyError(e.service, `${e.status} ${e.detail}`, { cause: e })
  }
}
