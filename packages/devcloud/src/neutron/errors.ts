import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

const DEFAULT_TYPES: Partial<Record<number, string>> = {
  400: 'HTTPBadRequest',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  409: 'HTTPConflict',
  500: 'HTTPInternalServerError',
}

/** Neutron's error document: the exception's name as `type`, and an empty `detail`. */
export const neutronError = (
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  type?: string
) =>
  c.json(
    { NeutronError: { type: type ?? DEFAULT_TYPES[status] ?? 'HTTPError', message, detail: '' } },
    status
  )
