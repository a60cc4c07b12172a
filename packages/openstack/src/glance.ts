import * as z from 'zod/mini'
import {
  collectPages,
  isUuidLike,
  nextQuery,
  orUndefinedOn404,
  type ServiceEndpoint,
  uniqueByName,
} from './service'

const SERVICE = 'glance'

/** A Glance v2 image. Custom properties (os_distro, magnum_driver …) sit at the top level. */
export const ImageSchema = z.looseObject({
  id: z.string(),
  name: z.nullish(z.string()),
  status: z.optional(z.string()),
  visibility: z.optional(z.string()),
  os_distro: z.nullish(z.string()),
  magnum_driver: z.nullish(z.string()),
})
export type Image = z.infer<typeof ImageSchema>

const ImageListSchema = z.looseObject({
  images: z.array(ImageSchema),
  next: z.nullish(z.string()),
})

/**
 * Glance image API v2, as far as Berth needs it.
 *
 * @example
 * const glance = new GlanceClient({ http, url: versionedUrl(endpointFor(catalog, { serviceType: 'image' }), 'v2'), token })
 * const image = await glance.findImage('fedora-coreos')
 */
export class GlanceClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  /** GET /v2/images/{id}; undefined when it does not exist or the caller cannot see it. */
  getImage(id: string): Promise<Image | undefined> {
    const { http, url, token } = this.endpoint
    return orUndefinedOn404(
      http.requestJson(
        { service: SERVICE, method: 'GET', url: `${url}/images/${encodeURIComponent(id)}`, token },
        ImageSchema
      )
    )
  }

  /** GET /v2/images with filters, following `next` links until the listing ends. */
  listImages(filters: Record<string, string> = {}): Promise<Image[]> {
    const { http, url, token } = this.endpoint
    return collectPages(async (page) => {
      const res = await http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/images`,
          query: { ...filters, ...page },
          token,
        },
        ImageListSchema
      )
      return { items: res.images, next: nextQuery(res.next) }
    })
  }

  /**
   * By id when `ref` looks like one (falling back to the name, since a name may look like an
   * id), otherwise by name. Several images with the name ⇒ ConflictError, as in Magnum.
   */
  async findImage(ref: string): Promise<Image | undefined> {
    if (isUuidLike(ref)) {
      const byId = await this.getImage(ref)
      if (byId !== undefined) return byId
    }
    const named = await this.listImages({ name: ref })
    return uniqueByName(
      named,
      ref,
      `Multiple images exist with same name ${ref}. Please use the resource id instead.`
    )
  }
}
