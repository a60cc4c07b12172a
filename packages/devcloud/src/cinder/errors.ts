import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Cinder, like Nova, names its error document after the webob fault of the status. */
const FAULT_NAMES: Partial<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
}

export const cinderError = (c: Context, status: ContentfulStatusCode, message: string) =>
  c.json({ [FAULT_NAMES[status] ?? 'computeFault']: { code: status, message } }, status)
