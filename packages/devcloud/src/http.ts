import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * An error a service answers with. The development cloud imitates other software, so it keeps
 * its own error type rather than Berth's domain errors: each service renders it in that
 * service's wire format (Keystone, Nova, Neutron and Glance all differ).
 */
export class CloudError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    /** Neutron's exception name (`NetworkNotFound`) or another service-specific code. */
    readonly type?: string
  ) {
    super(message)
    this.name = 'CloudError'
  }
}

export const badRequest = (message: string, type?: string) => new CloudError(400, message, type)
export const unauthorized = (message: string) => new CloudError(401, message)
export const forbidden = (message: string, type?: string) => new CloudError(403, message, type)
export const notFound = (message: string, type?: string) => new CloudError(404, message, type)
export const conflict = (message: string, type?: string) => new CloudError(409, message, type)

export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** Reads a JSON object body; anything else is the service's 400. */
export const readJsonObject = async (c: Context): Promise<Record<string, unknown>> => {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw badRequest('Malformed request body: the body is not valid JSON.')
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Malformed request body: a JSON object is required.')
  }
  return body as Record<string, unknown>
}

/** All values of a repeated query parameter (`?id=a&id=b`), as Neutron and Glance accept. */
export const queryAll = (c: Context, name: string): string[] => c.req.queries(name) ?? []

/** OpenStack APIs spell booleans in query strings loosely (`True`, `true`, `1`). */
export const parseBool = (v: string): boolean | undefined => {
  const s = v.trim().toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(s)) return true
  if (['false', '0', 'no', 'off'].includes(s)) return false
  return undefined
}
