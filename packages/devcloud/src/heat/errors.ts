import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { CloudError, STATUS_TITLES } from '../http'

/** WebOb's explanations, which Heat's fault wrapper puts beside every error. */
const EXPLANATIONS: Partial<Record<number, string>> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  405: 'The method is not allowed for this resource.',
  409: 'There was a conflict when trying to complete your request.',
  413: 'The request is larger than the server is willing or able to process.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
  503: 'The server is currently unavailable. Please try again at a later time.',
}

const DEFAULT_TYPES: Partial<Record<number, string>> = {
  400: 'HTTPBadRequest',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  409: 'HTTPConflict',
  500: 'HTTPInternalServerError',
  503: 'HTTPServiceUnavailable',
}

/**
 * Heat's error document: WebOb's code/title/explanation and the engine's exception as
 * `error.type` with its message. `message: undefined` leaves the key out, as Heat does for
 * errors it cannot describe (RemoteError).
 */
export const heatError = (
  c: Context,
  status: ContentfulStatusCode,
  message: string | undefined,
  type?: string
) => {
  const explanation = EXPLANATIONS[status] ?? STATUS_TITLES[status] ?? 'Error'
  const error: Record<string, unknown> = {
    type: type ?? DEFAULT_TYPES[status] ?? 'HTTPError',
    traceback: null,
  }
  if (message !== undefined) error.message = message
  return c.json(
    { code: status, title: STATUS_TITLES[status] ?? 'Error', explanation, error },
    status
  )
}

export const heatBadRequest = (message: string, type = 'HTTPBadRequest') =>
  new CloudError(400, message, type)

export const stackNotFound = (nameOrId: string) =>
  new CloudError(404, `The Stack (${nameOrId}) could not be found.`, 'EntityNotFound')

export const heatForbidden = () =>
  new CloudError(403, 'Access was denied to this resource.', 'HTTPForbidden')
