import * as z from 'zod/mini'
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
  'router:external': z.optional(z.boolean()),
  subnets: z.optional(z.array(z.string())),
  status: z.optional(z.string()),
  project_id: z.optional(z.string()),
  shared: z.optional(z.boolean()),
})
export type Network = z.infer<typeof NetworkSchema>

export const SubnetSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  network_id: z.string(),
  cidr: z.string(),
  ip_version: z.optional(z.number()),
  gateway_ip: z.nullish(z.string()),
})
export type Subnet = z.infer<typeof SubnetSchema>

export const FloatingIpSchema = z.looseObject({
  id: z.string(),
  floating_ip_address: z.string(),
  description: z.nullish(z.string()),
  port_id: z.nullish(z.string()),
  project_id: z.optional(z.string()),
  status: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
})
export type FloatingIp = z.infer<typeof FloatingIpSchema>

export const PortSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.nullish(z.string()),
  network_id: z.string(),
  device_id: z.nullish(z.string()),
  device_owner: z.nullish(z.string()),
  project_id: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
})
export type Port = z.infer<typeof PortSchema>

export const SecurityGroupSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.nullish(z.string()),
  project_id: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
})
export type SecurityGroup = z.infer<typeof SecurityGroupSchema>

const LinksSchema = z.optional(z.array(z.looseObject({ rel: z.string(), href: z.string() })))
const nextOf = (links: z.infer<typeof LinksSchema>) =>
  nextQuery(links?.find((l) => l.rel === 'next')?.href)

/** Query filters: Neutron matches each key exactly (a description filter is no substring search). */
export type NeutronFilters = Record<string, string>

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

  /**
   * Every page of a collection whose items fit `item`. `collection` is the body's key
   * (`security_groups`); the URL spells it with a hyphen (`/security-groups`).
   */
  private listAll<S extends z.core.$ZodType>(
    collection: string,
    item: S,
    filters: NeutronFilters
  ): Promise<z.output<S>[]> {
    const { http, url, token } = this.endpoint
    const schema = z.looseObject({
      [collection]: z.array(item),
      [`${collection}_links`]: LinksSchema,
    })
    return collectPages(async (page) => {
      const res = await http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/${collection.replace(/_/g, '-')}`,
          query: { ...filters, ...page },
          token,
        },
        schema
      )
      return {
        items: res[collection] as z.output<S>[],
        next: nextOf(res[`${collection}_links`] as z.infer<typeof LinksSchema>),
      }
    })
  }

  /** DELETE one item; false when Neutron no longer has it. */
  private async remove(collection: string, id: string): Promise<boolean> {
    const { http, url, token } = this.endpoint
    const done = await orUndefinedOn404(
      http.request({
        service: SERVICE,
        method: 'DELETE',
        url: `${url}/${collection.replace(/_/g, '-')}/${encodeURIComponent(id)}`,
        token,
      })
    )
    return done !== undefined
  }

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

  listNetworks(filters: NeutronFilters = {}): Promise<Network[]> {
    return this.listAll('networks', NetworkSchema, filters)
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

  listSubnets(filters: NeutronFilters = {}): Promise<Subnet[]> {
    return this.listAll('subnets', SubnetSchema, filters)
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

  /** Floating IPs, e.g. `{ project_id }` or `{ port_id }`. */
  listFloatingIps(filters: NeutronFilters = {}): Promise<FloatingIp[]> {
    return this.listAll('floatingips', FloatingIpSchema, filters)
  }

  /** Releases a floating IP; false when it was already gone. */
  deleteFloatingIp(id: string): Promise<boolean> {
    return this.remove('floatingips', id)
  }

  /** Ports, e.g. `{ device_id }` or `{ project_id }`. */
  listPorts(filters: NeutronFilters = {}): Promise<Port[]> {
    return this.listAll('ports', PortSchema, filters)
  }

  /** Deletes a port; false when it was already gone. */
  deletePort(id: string): Promise<boolean> {
    return this.remove('ports', id)
  }

  listSecurityGroups(filters: NeutronFilters = {}): Promise<SecurityGroup[]> {
    return this.listAll('security_groups', SecurityGroupSchema, filters)
  }

  /** Deletes a security group (409 while a port still uses it); false when already gone. */
  deleteSecurityGroup(id: string): Promise<boolean> {
    return this.remove('security_groups', id)
  }
}
