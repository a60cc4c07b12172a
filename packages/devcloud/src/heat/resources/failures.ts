import { CloudError } from '../../http'
import { randomUuid } from '../../ids'
import { HeatError } from '../engine/errors'
import { LookupError } from './lookup'
import { failed, type StepResult } from './types'

export type Client = 'heat' | 'nova' | 'neutron' | 'octavia' | 'cinder'

const BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'OverLimit',
}

/** Neutron errors neutronclient raises under their own names. */
const NEUTRON_CLIENT = new Set([
  'NetworkNotFound',
  'PortNotFound',
  'NetworkInUse',
  'PortInUse',
  'IpAddressInUse',
  'InvalidIpForNetwork',
  'InvalidIpForSubnet',
  'OverQuota',
  'IpAddressGenerationFailure',
  'MacAddressInUse',
  'ExternalIpAddressExhausted',
])

/**
 * What a failed call to a service looks like in a Heat resource's reason: the client library's
 * exception name, and its message with the decorations that client adds.
 */
export const failureOf = (err: unknown, client: Client): StepResult => {
  if (err instanceof HeatError) return failed(err.heatType, err.message)
  if (err instanceof LookupError) return failed('StackValidationFailed', err.message)
  if (!(err instanceof CloudError))
    return failed('Exception', err instanceof Error ? err.message : String(err))
  const request = `req-${randomUuid()}`
  switch (client) {
    case 'neutron': {
      const name =
        err.type && NEUTRON_CLIENT.has(err.type)
          ? `${err.type}Client`
          : (BY_STATUS[err.status] ?? 'NeutronClientException')
      return failed(name, `${err.message}\nNeutron server returns request_ids: ['${request}']`)
    }
    // cinderclient words its exceptions as novaclient does.
    case 'nova':
    case 'cinder':
      return failed(
        BY_STATUS[err.status] ?? 'ClientException',
        `${err.message} (HTTP ${err.status}) (Request-ID: ${request})`
      )
    case 'octavia':
      return failed(
        'OctaviaClientException',
        `${err.message} (HTTP ${err.status}) (Request-ID: ${request})`
      )
    default:
      return failed(BY_STATUS[err.status] ?? 'HeatException', err.message)
  }
}

/** Deleting something already gone is success (Heat ignores NotFound on delete). */
export const ignoreNotFound = (fn: () => void): void => {
  try {
    fn()
  } catch (err) {
    if (!(err instanceof CloudError && err.status === 404)) throw err
  }
}
