import { z } from 'zod'
import {
  collectPages,
  isUuidLike,
  nextQuery,
  orUndefinedOn404,
  type ServiceEndpoint,
  uniqueByName,
} from './service'

const SERVICE = 'neutron'

export const NetworkSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  'router:external': z.boolean().optional(),
  subnets: z.array(z.string()).optional(),
  status: z.string().optional(),
  project_id: z.string().optional(),
  shared: z.boolean().optional(),
})
export type Network = z.infer<typeof NetworkSchema>

export const SubnetSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  network_id: z.string(),
  cidr: z.string(),
  ip_version: z.number().optional(),
  gateway_ip: z.string().nullish(),
})
export type Subnet = z.infer<typeof SubnetSchema>

const LinksSchema = z.array(z.looseObject({ rel: z.string(), href: z.string() })).optional()
const nextOf = (links: z.infer<typeof LinksSchema>) =>
  nextQuery(links?.find((l) => l.rel === 'next')?.href)

/**
 * Neutron networking API v2.0, as far as Berth needs it. Listings page only when the server
 * is configured to (`networks_links`), and are followed to the end either way.
 *
 * @example
 * const neutron = new NeutronClient({ http, url: versionedUrl(endpointFor(catalog, { serviceType: 'network' }), 'v2.0'), token })
 * const ext = await neutron.findNetwork('public')
 */
export class NeutronClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  async getNetwork(id: string): Promise<Network | undefined> {
    const { http, url, token } = this.endpoint
    const res = await orUndefinedOn404(
      http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/networks/${encodeURIComponent(id)}`,
          token,
        },
        z.object({ network: NetworkSchema })
      )
    )
    return res?.network
  }

  listNetworks(filters: Record<string, string> = {}): Promise<Network[]> {
    const { http, url, token } = this.endpoint
    return collectPages(async (page) => {
      const res = await http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/networks`,
          query: { ...filters, ...page },
          token,
        },
        z.looseObject({ networks: z.array(NetworkSchema), networks_links: LinksSchema })
      )
      return { items: res.networks, next: nextOf(res.networks_links) }
    })
  }

  /** By id when `ref` looks like one (then by name), else by name; several ⇒ ConflictError. */
  async findNetwork(ref: string): Promise<Network | undefined> {
    if (isUuidLike(ref)) {
      const byId = await this.getNetwork(ref)
      if (byId !== undefined) return byId
    }
    return uniqueByName(
      await this.listNetworks({ name: ref }),
      ref,
      `Multiple networks exist with same name '${ref}'. Please use the network ID instead.`
    )
  }

  async getSubnet(id: string): Promise<Subnet | undefined> {
    const { http, url, token } = this.endpoint
    const res = await orUndefinedOn404(
      http.requestJson(
        { service: SERVICE, method: 'GET', url: `${url}/subnets/${encodeURIComponent(id)}`, token },
        z.object({ subnet: SubnetSchema })
      )
    )
    return res?.subnet
  }

  listSubnets(filters: Record<string, string> = {}): Promise<Subnet[]> {
    const { http, url, token } = this.endpoint
    return collectPages(async (page) => {
      const res = await http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/subnets`,
          query: { ...filters, ...page },
          token,
        },
        z.looseObject({ subnets: z.array(SubnetSchema), subnets_links: LinksSchema })
      )
      return { items: res.subnets, next: nextOf(res.subnets_links) }
    })
  }

  async findSubnet(ref: string): Promise<Subnet | undefined> {
    if (isUuidLike(ref)) {
      const bySubnetId = await this.getSubnet(ref)
      if (bySubnetId !== undefined) return bySubnetId
    }
    return uniqueByName(
      await this.listSubnets({ name: ref }),
      ref,
      `Multiple subnets exist with same name '${ref}'. Please use the subnet ID instead.`
    )
  }
}
