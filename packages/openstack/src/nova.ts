import * as z from 'zod/mini'
import {
  collectPages,
  nextQuery,
  orUndefinedOn404,
  pathSegment,
  type ServiceEndpoint,
  uniqueByName,
} from './service'

const SERVICE = 'nova'

export const FlavorSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  vcpus: z.number(),
  ram: z.number(),
  disk: z.number(),
  'OS-FLV-EXT-DATA:ephemeral': z.optional(z.number()),
  'os-flavor-access:is_public': z.optional(z.boolean()),
})
export type Flavor = z.infer<typeof FlavorSchema>

const LinksSchema = z.optional(z.array(z.looseObject({ rel: z.string(), href: z.string() })))

const FlavorListSchema = z.looseObject({
  flavors: z.array(FlavorSchema),
  flavors_links: LinksSchema,
})

export const KeypairSchema = z.looseObject({
  name: z.string(),
  fingerprint: z.string(),
  public_key: z.optional(z.string()),
  user_id: z.optional(z.string()),
  type: z.optional(z.string()),
})
export type Keypair = z.infer<typeof KeypairSchema>

const nextOf = (links: z.infer<typeof LinksSchema>) =>
  nextQuery(links?.find((l) => l.rel === 'next')?.href)

/**
 * Nova compute API 2.1 (no microversion header, so the 2.1 baseline answers), as far as Berth
 * needs it.
 *
 * @example
 * const nova = new NovaClient({ http, url: versionedUrl(endpointFor(catalog, { serviceType: 'compute' }), 'v2.1'), token })
 * const flavor = await nova.findFlavor('m1.small')
 */
export class NovaClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  /** GET /flavors/{id}; undefined when there is no flavor with that id. */
  async getFlavor(id: string): Promise<Flavor | undefined> {
    const segment = pathSegment(id)
    if (segment === undefined) return undefined
    const { http, url, token } = this.endpoint
    const res = await orUndefinedOn404(
      http.requestJson(
        { service: SERVICE, method: 'GET', url: `${url}/flavors/${segment}`, token },
        z.object({ flavor: FlavorSchema })
      )
    )
    return res?.flavor
  }

  /** GET /flavors/detail, every page. Nova lists public flavors plus the project's private ones. */
  listFlavors(filters: Record<string, string> = {}): Promise<Flavor[]> {
    const { http, url, token } = this.endpoint
    return collectPages(async (page) => {
      const res = await http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/flavors/detail`,
          query: { ...filters, ...page },
          token,
        },
        FlavorListSchema
      )
      return { items: res.flavors, next: nextOf(res.flavors_links) }
    })
  }

  /**
   * By id, else by name. Flavor ids are free-form strings ('1', 'm1.tiny' …), so every ref is
   * tried as an id first; Nova has no name filter, so the name needs the full listing.
   */
  async findFlavor(ref: string): Promise<Flavor | undefined> {
    const byId = await this.getFlavor(ref)
    if (byId !== undefined) return byId
    return uniqueByName(
      await this.listFlavors(),
      ref,
      `Multiple flavors exist with same name ${ref}. Please use the resource id instead.`
    )
  }

  /** GET /os-keypairs/{name}: keypairs belong to the token's user, not to the project. */
  async getKeypair(name: string): Promise<Keypair | undefined> {
    const segment = pathSegment(name)
    if (segment === undefined) return undefined
    const { http, url, token } = this.endpoint
    const res = await orUndefinedOn404(
      http.requestJson(
        { service: SERVICE, method: 'GET', url: `${url}/os-keypairs/${segment}`, token },
        z.object({ keypair: KeypairSchema })
      )
    )
    return res?.keypair
  }
}
