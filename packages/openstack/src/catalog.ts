import { DependencyError } from '@berth/core/errors'
import * as z from 'zod/mini'

export const EndpointSchema = z.looseObject({
  id: z.optional(z.string()),
  interface: z.string(),
  region: z.nullish(z.string()),
  region_id: z.nullish(z.string()),
  url: z.string(),
})

export const CatalogEntrySchema = z.looseObject({
  id: z.optional(z.string()),
  type: z.string(),
  name: z.optional(z.string()),
  endpoints: z.array(EndpointSchema),
})

/** The `catalog` of a Keystone v3 token. */
export const CatalogSchema = z.array(CatalogEntrySchema)
export type Catalog = z.infer<typeof CatalogSchema>

export type EndpointInterface = 'public' | 'internal' | 'admin'

/**
 * Official service types and the older names clouds still register them under (from the
 * OpenStack service-types authority), official name first so it wins when both exist.
 */
const SERVICE_TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  identity: ['identity'],
  compute: ['compute'],
  image: ['image'],
  network: ['network'],
  orchestration: ['orchestration'],
  'load-balancer': ['load-balancer'],
  'container-infrastructure-management': [
    'container-infrastructure-management',
    'container-infrastructure',
    'container-infra',
  ],
  'block-storage': ['block-storage', 'volumev3', 'volumev2', 'volume', 'block-store'],
  'key-manager': ['key-manager'],
  'object-store': ['object-store'],
  placement: ['placement'],
}

/** Every name a service may be listed under, whichever of them the caller used. */
export const serviceTypeAliases = (serviceType: string): readonly string[] => {
  for (const names of Object.values(SERVICE_TYPE_ALIASES)) {
    if (names.includes(serviceType)) return names
  }
  return [serviceType]
}

/** No usable endpoint: the cloud is set up without the service, or not in this region/interface. */
export class EndpointNotFoundError extends DependencyError {
  constructor(serviceType: string, message: string) {
    super(serviceType, message)
    this.name = 'EndpointNotFoundError'
  }
}

export interface EndpointQuery {
  serviceType: string
  interface?: EndpointInterface
  /** Region id or name; absent ⇒ the first endpoint with the interface. */
  region?: string
}

/**
 * The base URL of a service from a token's catalog, exactly as registered (version path and
 * all). Use `versionedUrl` to turn it into the URL of the API version a client speaks.
 *
 * @example
 * endpointFor(token.catalog, { serviceType: 'container-infra', interface: 'public', region: 'RegionOne' })
 */
export const endpointFor = (catalog: Catalog, query: EndpointQuery): string => {
  const iface = query.interface ?? 'public'
  const names = serviceTypeAliases(query.serviceType)
  const entries = names.flatMap((n) => catalog.filter((e) => e.type === n))
  if (entries.length === 0) {
    throw new EndpointNotFoundError(
      query.serviceType,
      `service type '${query.serviceType}' is not in the service catalog`
    )
  }
  const endpoints = entries.flatMap((e) => e.endpoints.filter((ep) => ep.interface === iface))
  const inRegion =
    query.region === undefined
      ? endpoints
      : endpoints.filter((ep) => ep.region_id === query.region || ep.region === query.region)
  const found = inRegion[0]
  if (found === undefined) {
    const regions = [...new Set(endpoints.map((ep) => ep.region_id ?? ep.region ?? '?'))]
    const where = query.region === undefined ? '' : ` in region '${query.region}'`
    const have =
      regions.length === 0 ? '' : ` (it has ${iface} endpoints in: ${regions.join(', ')})`
    throw new EndpointNotFoundError(
      query.serviceType,
      `no ${iface} endpoint for service type '${query.serviceType}'${where}${have}`
    )
  }
  return found.url
}

const VERSION_SEGMENT = /^v\d+(\.\d+)?$/

/**
 * Points a catalog URL at one API version. Catalogs differ: Nova may be registered as
 * `…:8774`, `…:8774/v2.1` or `…:8774/v2.1/<project_id>`, Neutron as `…:9696` (no version),
 * Glance as `…:9292` or `…/image/v2`. An existing version segment is replaced (keeping
 * what follows it, such as a project id); otherwise the version is appended.
 *
 * @example
 * versionedUrl('http://nova:8774/v2.1/abc/', 'v2.1') // 'http://nova:8774/v2.1/abc'
 * versionedUrl('http://neutron:9696', 'v2.0')        // 'http://neutron:9696/v2.0'
 */
export const versionedUrl = (endpoint: string, version: string): string => {
  const url = new URL(endpoint)
  const segments = url.pathname.split('/').filter((s) => s !== '')
  let at = -1
  for (let i = segments.length - 1; i >= 0; i--) {
    if (VERSION_SEGMENT.test(segments[i] ?? '')) {
      at = i
      break
    }
  }
  if (at === -1) segments.push(version)
  else segments[at] = version
  url.pathname = `/${segments.join('/')}`
  url.search = ''
  url.hash = ''
  return url.toString().replace(/\/+$/, '')
}
