import * as z from 'zod/mini'
import { collectPages, nextQuery, orUndefinedOn404, type ServiceEndpoint } from './service'

const SERVICE = 'octavia'

export const LoadBalancerSchema = z.looseObject({
  id: z.string(),
  name: z.nullish(z.string()),
  description: z.nullish(z.string()),
  provisioning_status: z.string(),
  operating_status: z.optional(z.string()),
  vip_port_id: z.nullish(z.string()),
  vip_address: z.nullish(z.string()),
  project_id: z.optional(z.string()),
})
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>

const LinksSchema = z.optional(z.array(z.looseObject({ rel: z.string(), href: z.string() })))

/**
 * Octavia's load-balancer API v2, as far as cleaning up after a cluster needs it: the
 * Kubernetes cloud provider creates load balancers Heat knows nothing about.
 *
 * @example
 * const octavia = new OctaviaClient({ http, url: versionedUrl(endpointFor(catalog, { serviceType: 'load-balancer' }), 'v2'), token })
 * for (const lb of await octavia.listLoadBalancers({ project_id }, /from cluster abc/)) await octavia.deleteLoadBalancer(lb.id)
 */
export class OctaviaClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  /**
   * Load balancers matching the server-side `filters`, then, if given, whose description
   * matches `description` (Octavia filters descriptions only by equality).
   */
  async listLoadBalancers(
    filters: Record<string, string> = {},
    description?: RegExp
  ): Promise<LoadBalancer[]> {
    const { http, url, token } = this.endpoint
    const all = await collectPages(async (page) => {
      const res = await http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/lbaas/loadbalancers`,
          query: { ...filters, ...page },
          token,
        },
        z.looseObject({
          loadbalancers: z.array(LoadBalancerSchema),
          loadbalancers_links: LinksSchema,
        })
      )
      const next = res.loadbalancers_links?.find((l) => l.rel === 'next')?.href
      return { items: res.loadbalancers, next: nextQuery(next) }
    })
    return description === undefined
      ? all
      : all.filter((lb) => description.test(lb.description ?? ''))
  }

  async getLoadBalancer(id: string): Promise<LoadBalancer | undefined> {
    const { http, url, token } = this.endpoint
    const res = await orUndefinedOn404(
      http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${url}/lbaas/loadbalancers/${encodeURIComponent(id)}`,
          token,
        },
        z.looseObject({ loadbalancer: LoadBalancerSchema })
      )
    )
    return res?.loadbalancer
  }

  /** Its provisioning_status (ACTIVE, PENDING_DELETE, ERROR …), undefined once gone. */
  async provisioningStatus(id: string): Promise<string | undefined> {
    return (await this.getLoadBalancer(id))?.provisioning_status
  }

  /**
   * Deletes the load balancer with its listeners, pools and members (cascade). False when it
   * was already gone; a 409 (still PENDING_*) leaves as OpenStack.Conflict, for a retry.
   */
  async deleteLoadBalancer(id: string): Promise<boolean> {
    const { http, url, token } = this.endpoint
    const done = await orUndefinedOn404(
      http.request({
        service: SERVICE,
        method: 'DELETE',
        url: `${url}/lbaas/loadbalancers/${encodeURIComponent(id)}`,
        query: { cascade: 'true' },
        token,
      })
    )
    return done !== undefined
  }
}
