import { type DevCloud, identityUrl, SERVICE_PREFIXES } from '../context'
import { stableHex } from '../ids'

export const INTERFACES = ['public', 'internal', 'admin'] as const

interface CatalogService {
  id: string
  type: string
  name: string
  url: string
}

/** Where a service's URL names the project (Heat's), Keystone substitutes this per token. */
export const PROJECT_PLACEHOLDER = '%(tenant_id)s'

/** The services the development cloud offers, in catalog order (URLs as registered). */
export const catalogServices = (cloud: DevCloud): CatalogService[] => {
  const base = cloud.config.baseUrl()
  const service = (type: string, name: string, url: string): CatalogService => ({
    id: stableHex(`service:${type}`),
    type,
    name,
    url,
  })
  return [
    service('identity', 'keystone', identityUrl(cloud)),
    service('image', 'glance', `${base}${SERVICE_PREFIXES.image}`),
    service('compute', 'nova', `${base}${SERVICE_PREFIXES.compute}/v2.1`),
    service('network', 'neutron', `${base}${SERVICE_PREFIXES.network}`),
    service(
      'orchestration',
      'heat',
      `${base}${SERVICE_PREFIXES.orchestration}/v1/${PROJECT_PLACEHOLDER}`
    ),
    service('load-balancer', 'octavia', `${base}${SERVICE_PREFIXES.loadBalancer}`),
    service('volumev3', 'cinderv3', `${base}${SERVICE_PREFIXES.volume}/v3/${PROJECT_PLACEHOLDER}`),
    service('container-infra', 'magnum', cloud.config.berthEndpoint.replace(/\/+$/, '')),
  ]
}

export const endpointId = (serviceType: string, iface: string): string =>
  stableHex(`endpoint:${serviceType}:${iface}`)

/** The token's `catalog`, as Keystone renders it for the token's project. */
export const renderCatalog = (cloud: DevCloud, projectId: string) =>
  catalogServices(cloud).map((s) => ({
    endpoints: INTERFACES.map((iface) => ({
      id: endpointId(s.type, iface),
      interface: iface,
      region_id: cloud.config.region,
      url: s.url.replace(PROJECT_PLACEHOLDER, projectId),
      region: cloud.config.region,
    })),
    id: s.id,
    type: s.type,
    name: s.name,
  }))
