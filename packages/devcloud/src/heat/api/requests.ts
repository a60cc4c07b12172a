import type { Context } from 'hono'
import { z } from 'zod'
import { emptyEnvironment, normalizeEnvironment } from '../engine/environment'
import { HeatError } from '../engine/errors'
import { isMap } from '../engine/pyjson'
import { templateObject } from '../engine/yaml'
import type { Definition } from '../model'

const MALFORMED =
  'The server could not comply with the request since it is either malformed or otherwise incorrect.'

/** A JSON object body; anything else is WebOb's generic 400. */
export const heatBody = async (c: Context): Promise<Record<string, unknown>> => {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new HeatError('HTTPBadRequest', MALFORMED)
  }
  if (!isMap(body)) throw new HeatError('HTTPBadRequest', MALFORMED)
  return body
}

const Files = z.record(z.string(), z.string())

const tagsOf = (raw: unknown): string[] | null => {
  if (raw === undefined || raw === null || raw === '') return null
  const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(',')
  return list.map((t) => t.trim()).filter((t) => t !== '')
}

export interface StackRequest {
  definition: Definition | undefined
  parameters: Record<string, unknown>
  files: Record<string, string> | undefined
  environment: Definition['environment'] | undefined
  timeoutMins: number | undefined
  disableRollback: boolean | undefined
  tags: string[] | null | undefined
  clearParameters: string[]
}

const boolOf = (v: unknown): boolean | undefined =>
  v === undefined || v === null
    ? undefined
    : typeof v === 'boolean'
      ? v
      : ['true', '1', 'yes', 'on'].includes(String(v).toLowerCase())

/** The fields create and update share: template, files, environment, parameters, options. */
export const stackRequest = (body: Record<string, unknown>): StackRequest => {
  if (body.template_url !== undefined && body.template === undefined) {
    throw new HeatError(
      'HTTPBadRequest',
      'Could not retrieve template: template_url is not supported by the development cloud'
    )
  }
  const files =
    body.files === undefined || body.files === null ? undefined : Files.safeParse(body.files)
  if (files !== undefined && !files.success)
    throw new HeatError('HTTPBadRequest', 'The "files" must be a map of strings.')
  const environment =
    body.environment === undefined ? undefined : normalizeEnvironment(body.environment)
  const parameters = isMap(body.parameters) ? body.parameters : {}
  const timeout =
    body.timeout_mins === undefined || body.timeout_mins === null
      ? undefined
      : Number(body.timeout_mins)
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1)) {
    throw new HeatError('HTTPBadRequest', `Invalid timeout value ${String(body.timeout_mins)}`)
  }
  const definition =
    body.template === undefined || body.template === null
      ? undefined
      : {
          template: templateObject(body.template),
          files: files?.data ?? {},
          environment: {
            ...(environment ?? emptyEnvironment()),
            parameters: { ...(environment?.parameters ?? {}), ...parameters },
          },
        }
  return {
    definition,
    parameters,
    files: files?.data,
    environment,
    timeoutMins: timeout,
    disableRollback: boolOf(body.disable_rollback),
    tags: body.tags === undefined ? undefined : tagsOf(body.tags),
    clearParameters: Array.isArray(body.clear_parameters) ? body.clear_parameters.map(String) : [],
  }
}

/** Heat's rule for stack names. */
export const checkStackName = (name: unknown): string => {
  if (name === undefined || name === null || name === '')
    throw new HeatError('HTTPBadRequest', 'No stack name specified')
  const s = String(name)
  if (!/^[a-zA-Z][a-zA-Z0-9_.-]{0,254}$/.test(s)) {
    throw new HeatError(
      'StackValidationFailed',
      `Invalid stack name ${s} must contain only alphanumeric or "_-." characters, must start with alpha and must be 255 characters or less.`
    )
  }
  return s
}
