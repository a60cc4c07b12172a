import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { cinderError } from './cinder/errors'
import { CONTROL_PREFIX, type DevCloud, SERVICE_PREFIXES } from './context'
import type { FaultService } from './faults/model'
import { glanceError } from './glance/errors'
import { heatError } from './heat/errors'
import { keystoneError } from './keystone/render'
import { neutronError } from './neutron/errors'
import { novaError } from './nova/errors'
import { octaviaError } from './octavia/errors'

const PREFIXES: [FaultService, string][] = [
  ['image', SERVICE_PREFIXES.image],
  ['compute', SERVICE_PREFIXES.compute],
  ['network', SERVICE_PREFIXES.network],
  ['orchestration', SERVICE_PREFIXES.orchestration],
  ['load-balancer', SERVICE_PREFIXES.loadBalancer],
  ['volumev3', SERVICE_PREFIXES.volume],
]

/** The service a request path belongs to and the path below its prefix; Keystone owns the rest. */
export const serviceOf = (
  path: string
): { service: FaultService; subPath: string } | { service: 'control' } => {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`)
  if (under(CONTROL_PREFIX)) return { service: 'control' }
  for (const [service, prefix] of PREFIXES) {
    if (under(prefix)) return { service, subPath: path.slice(prefix.length) || '/' }
  }
  return { service: 'identity', subPath: path }
}

/** An error answered in the wire format of the given service. */
export const serviceError = (
  c: Context,
  cloud: DevCloud,
  service: FaultService,
  status: ContentfulStatusCode,
  message: string
): Response => {
  switch (service) {
    case 'image':
      return glanceError(c, status, message)
    case 'compute':
      return novaError(c, status, message)
    case 'network':
      return neutronError(c, status, message)
    case 'orchestration':
      return heatError(c, status, message)
    case 'load-balancer':
      return octaviaError(c, status, message)
    case 'volumev3':
      return cinderError(c, status, message)
    default:
      return keystoneError(c, cloud, status, message)
  }
}
