import { createHash } from 'node:crypto'
import { DependencyError } from '@berth/core/errors'
import type {
  ClusterCloud,
  ClusterCloudCredentials,
  ClusterCloudFactory,
  ClusterLeftovers,
  LoadBalancerRef,
} from '@berth/core/ports/cluster-cloud'
import {
  type Catalog,
  type EndpointInterface,
  EndpointNotFoundError,
  endpointFor,
  versionedUrl,
} from './catalog'
import { HeatClient, orchestrationUrl, StackNames } from './heat'
import { HttpClient } from './http'
import type { AuthResult, KeystoneClient } from './keystone'
import { LruCache, SingleFlight } from './lru'
import { NeutronClient } from './neutron'
import { OctaviaClient } from './octavia'
import { isUuidLike, type ServiceEndpoint } from './service'
import type { ServiceAccount } from './service-account'
import { toWorkflowError } from './workflow-errors'

/**
 * The Neutron tag Berth puts on anything it creates for a cluster outside Heat, so cleanup can
 * find it without relying on free text.
 */
export const clusterResourceTag = (clusterUuid: string): string => `berth-cluster-${clusterUuid}`

/**
 * Whether a Neutron resource was created for the cluster outside Heat. The convention:
 * - its description contains the cluster's UUID (any case). The Kubernetes OpenStack cloud
 *   provider, run as Magnum runs it with the cluster's UUID as its cluster name, writes
 *   "Floating IP for Kubernetes external service <ns>/<svc> from cluster <uuid>" on floating
 *   IPs and "… in cluster <uuid>" on security groups; or
 * - it carries the tag `berth-cluster-<uuid>` (clusterResourceTag).
 * Heat's own resources match neither and go with the stack.
 */
export const isForCluster = (
  resource: { description?: string | null; tags?: readonly string[] },
  clusterUuid: string
): boolean => {
  // A malformed UUID (say, empty) would match every description.
  if (!isUuidLike(clusterUuid)) throw new TypeError(`not a cluster UUID: '${clusterUuid}'`)
  const described = (resource.description ?? '').toLowerCase().includes(clusterUuid.toLowerCase())
  return described || (resource.tags ?? []).includes(clusterResourceTag(clusterUuid))
}

/** ClusterCloud with the concrete clients, and the Neutron leftovers the port does not name. */
export interface OpenStackClusterCloud extends ClusterCloud {
  stacks: HeatClient
  projectId: string
  /** Ports made for the cluster outside Heat (see isForCluster). */
  ports: ClusterLeftovers
  /** Security groups the cloud provider made for the cluster; in use until the stack is gone. */
  securityGroups: ClusterLeftovers
}

export interface OpenStackClusterCloudOptions {
  keystone: KeystoneClient
  /** @default a new HttpClient with its defaults */
  http?: HttpClient
  /** @default 'public' */
  interface?: EndpointInterface
  region?: string
  /** A token this close to expiry is replaced before use. @default 300 */
  refreshMarginSeconds?: number
  /** Most credentials' tokens kept at once. @default 100 */
  cacheSize?: number
  /** Berth's service account, the trustee of clusters' Heat trusts (ClusterCloudCredentials.trustId). */
  serviceAccount?: ServiceAccount
  now?: () => number
}

type NeutronItem = {
  id: string
  name?: string | null
  description?: string | null
  tags?: string[]
}

/** A client for a service the cloud may lack (in this region or interface): undefined then. */
const optional = <T>(make: () => T): T | undefined => {
  try {
    return make()
  } catch (e) {
    if (e instanceof EndpointNotFoundError) return undefined
    throw e
  }
}

const cacheKey = (c: ClusterCloudCredentials) =>
  createHash('sha256')
    .update(`${c.applicationCredentialId}\0${c.applicationCredentialSecret}`)
    .digest('hex')

const loadBalancersOf = (
  octavia: OctaviaClient,
  neutron: NeutronClient,
  projectId: string
): NonNullable<ClusterCloud['loadBalancers']> => ({
  async listByDescription(pattern) {
    const lbs = await octavia.listLoadBalancers({ project_id: projectId }, pattern)
    if (lbs.length === 0) return []
    // Octavia does not know the floating IP on its VIP; Neutron does.
    const fips = await neutron.listFloatingIps({ project_id: projectId })
    const fipOfPort = new Map(fips.filter((f) => f.port_id).map((f) => [f.port_id, f.id]))
    return lbs.map(
      (lb): LoadBalancerRef => ({
        id: lb.id,
        name: lb.name ?? '',
        description: lb.description ?? '',
        provisioningStatus: lb.provisioning_status,
        floatingIpId: (lb.vip_port_id && fipOfPort.get(lb.vip_port_id)) || null,
      })
    )
  },
  async delete(id) {
    await octavia.deleteLoadBalancer(id)
  },
})

/**
 * Opens a cluster's cloud with the cluster's own application credential (and Heat through the
 * cluster's trust, when it has one). Tokens are kept per credential until shortly before they
 * expire, so a workflow's many steps authenticate once.
 * Failures leave named for the state machine (see WORKFLOW_ERROR_NAMES): a revoked or wrong
 * credential is OpenStack.Auth, Keystone being down OpenStack.Transient.
 *
 * @example
 * const clouds = new OpenStackClusterCloudFactory({ keystone, interface: 'public', region: 'RegionOne' })
 * const cloud = await clouds.open({ applicationCredentialId, applicationCredentialSecret })
 * await cloud.stacks.get(stackId)
 */
export class OpenStackClusterCloudFactory implements ClusterCloudFactory {
  private readonly http: HttpClient
  private readonly marginMs: number
  private readonly now: () => number
  private readonly tokens: LruCache<string, AuthResult>
  private readonly flights = new SingleFlight<string, AuthResult>()
  /** Shared by every cloud opened here: a workflow's polls need no repeated look-up. */
  private readonly stackNames = new StackNames()

  constructor(private readonly options: OpenStackClusterCloudOptions) {
    this.http = options.http ?? new HttpClient()
    this.marginMs = (options.refreshMarginSeconds ?? 300) * 1000
    this.now = options.now ?? Date.now
    this.tokens = new LruCache(options.cacheSize ?? 100, this.now)
  }

  async open(credentials: ClusterCloudCredentials): Promise<OpenStackClusterCloud> {
    const auth = await this.authenticate(credentials)
    const projectId = auth.body.project?.id
    if (projectId === undefined) {
      throw new TypeError('an application credential token always names its project')
    }
    const heatToken =
      credentials.trustId === undefined ? auth.token : await this.trustToken(credentials.trustId)
    return this.build(auth.token, auth.body.catalog ?? [], projectId, heatToken)
  }

  /** Berth's service account acting as the cluster's owner through the trust. */
  private async trustToken(trustId: string): Promise<string> {
    const account = this.options.serviceAccount
    if (account === undefined) {
      throw new DependencyError(
        'keystone',
        `cluster credentials name trust ${trustId} but no service account is configured to use it`
      )
    }
    try {
      return (await account.trustToken(trustId)).token
    } catch (e) {
      throw toWorkflowError(e)
    }
  }

  /** Forgets the token of a credential, e.g. after it was revoked. */
  forget(credentials: ClusterCloudCredentials): void {
    this.tokens.delete(cacheKey(credentials))
  }

  private async authenticate(credentials: ClusterCloudCredentials): Promise<AuthResult> {
    const key = cacheKey(credentials)
    const cached = this.tokens.get(key)
    if (cached !== undefined) return cached
    return this.flights.run(key, async () => {
      let auth: AuthResult
      try {
        auth = await this.options.keystone.authenticate({
          method: 'application_credential',
          id: credentials.applicationCredentialId,
          secret: credentials.applicationCredentialSecret,
        })
      } catch (e) {
        throw toWorkflowError(e)
      }
      const keepUntil = auth.expiresAt.getTime() - this.marginMs
      if (keepUntil > this.now()) this.tokens.set(key, auth, keepUntil)
      return auth
    })
  }

  private build(
    token: string,
    catalog: Catalog,
    projectId: string,
    heatToken: string
  ): OpenStackClusterCloud {
    const { interface: iface = 'public', region, keystone } = this.options
    const endpoint = (serviceType: string, url: (base: string) => string): ServiceEndpoint => {
      const base = endpointFor(catalog, { serviceType, interface: iface, region })
      return { http: this.http, token, url: url(base) }
    }
    const heat = new HeatClient(
      { ...endpoint('orchestration', (b) => orchestrationUrl(b, projectId)), token: heatToken },
      this.stackNames
    )
    const neutron = new NeutronClient(endpoint('network', (b) => versionedUrl(b, 'v2.0')))
    const octavia = optional(
      () => new OctaviaClient(endpoint('load-balancer', (b) => versionedUrl(b, 'v2')))
    )
    const mine = { project_id: projectId }
    const leftovers = (
      list: (filters: Record<string, string>) => Promise<NeutronItem[]>,
      remove: (id: string) => Promise<boolean>
    ): ClusterLeftovers => ({
      async listForCluster(clusterUuid: string) {
        const all = await list(mine)
        return all
          .filter((r) => isForCluster(r, clusterUuid))
          .map((r) => ({ id: r.id, name: r.name ?? '' }))
      },
      async delete(id: string) {
        await remove(id)
      },
    })
    return {
      stacks: heat,
      projectId,
      authUrl: keystone.url,
      region,
      ...(octavia === undefined
        ? {}
        : { loadBalancers: loadBalancersOf(octavia, neutron, projectId) }),
      floatingIps: {
        async listForCluster(clusterUuid) {
          const all = await neutron.listFloatingIps(mine)
          return all
            .filter((f) => isForCluster(f, clusterUuid))
            .map((f) => ({ id: f.id, address: f.floating_ip_address }))
        },
        async delete(id) {
          await neutron.deleteFloatingIp(id)
        },
      },
      ports: leftovers(
        (f) => neutron.listPorts(f),
        (id) => neutron.deletePort(id)
      ),
      securityGroups: leftovers(
        (f) => neutron.listSecurityGroups(f),
        (id) => neutron.deleteSecurityGroup(id)
      ),
    }
  }
}
