import { DependencyError, UnauthorizedError } from '@berth/core/errors'
import type {
  CloudFlavor,
  CloudImage,
  CloudKeypair,
  CloudNetwork,
  CloudResources,
  CloudResourcesFactory,
  CloudSubnet,
} from '@berth/core/ports/cloud'
import type { Principal } from '@berth/core/principal'
import { type Catalog, type EndpointInterface, endpointFor, versionedUrl } from './catalog'
import { AUTHENTICATION_REQUIRED, toCoreError } from './errors'
import { GlanceClient } from './glance'
import { HttpClient } from './http'
import type { KeystoneClient } from './keystone'
import { NeutronClient } from './neutron'
import { NovaClient } from './nova'
import type { ServiceAccount } from './service-account'

/**
 * How Berth reaches the tenant's cloud. Typically built once at start-up from Config:
 * `interface` from OS_INTERFACE, `region` from OS_REGION_NAME.
 */
export interface OpenStackCloudOptions {
  /** Shared with the API's identity middleware, so a token validated there is not validated again. */
  keystone: KeystoneClient
  /** @default a new HttpClient with its defaults */
  http?: HttpClient
  /** Which catalog endpoints to use. @default 'public' */
  interface?: EndpointInterface
  /** Region id or name; absent ⇒ the first endpoint of each service. */
  region?: string
  /**
   * Berth's own account, used for OIDC callers (who bring no Keystone token). Without it, an
   * OIDC caller's cloud look-ups fail with DependencyError. Keypairs are per user in Nova, so
   * for OIDC callers the keypairs seen are the service account's.
   */
  serviceAccount?: ServiceAccount
}

interface Session {
  http: HttpClient
  token: string
  catalog: Catalog
  interface: EndpointInterface
  region: string | undefined
}

/**
 * CloudResources over Glance, Nova and Neutron for one caller. Clients are made on first use,
 * so a cloud without (say) Neutron fails only the look-ups that need it. Every failure leaves
 * as a core error.
 */
export class OpenStackCloudResources implements CloudResources {
  private glanceClient: GlanceClient | undefined
  private novaClient: NovaClient | undefined
  private neutronClient: NeutronClient | undefined

  constructor(private readonly session: Session) {}

  private endpoint(serviceType: string, version: string) {
    const { http, token, catalog, region } = this.session
    const base = endpointFor(catalog, { serviceType, interface: this.session.interface, region })
    return { http, token, url: versionedUrl(base, version) }
  }

  private glance(): GlanceClient {
    this.glanceClient ??= new GlanceClient(this.endpoint('image', 'v2'))
    return this.glanceClient
  }

  private nova(): NovaClient {
    this.novaClient ??= new NovaClient(this.endpoint('compute', 'v2.1'))
    return this.novaClient
  }

  private neutron(): NeutronClient {
    this.neutronClient ??= new NeutronClient(this.endpoint('network', 'v2.0'))
    return this.neutronClient
  }

  async findImage(ref: string): Promise<CloudImage | undefined> {
    const image = await mapped(() => this.glance().findImage(ref))
    if (image === undefined) return undefined
    return {
      id: image.id,
      name: image.name ?? '',
      // Magnum treats an empty os_distro like a missing one.
      osDistro: image.os_distro || undefined,
      driver: image.magnum_driver || undefined,
      visibility: image.visibility ?? 'private',
    }
  }

  async findFlavor(ref: string): Promise<CloudFlavor | undefined> {
    const f = await mapped(() => this.nova().findFlavor(ref))
    if (f === undefined) return undefined
    return { id: f.id, name: f.name, vcpus: f.vcpus, ramMb: f.ram, diskGb: f.disk }
  }

  async findKeypair(name: string): Promise<CloudKeypair | undefined> {
    const k = await mapped(() => this.nova().getKeypair(name))
    return k === undefined ? undefined : { name: k.name, fingerprint: k.fingerprint }
  }

  async findNetwork(ref: string): Promise<CloudNetwork | undefined> {
    const n = await mapped(() => this.neutron().findNetwork(ref))
    if (n === undefined) return undefined
    return {
      id: n.id,
      name: n.name,
      external: n['router:external'] ?? false,
      subnetIds: n.subnets ?? [],
    }
  }

  async findSubnet(ref: string): Promise<CloudSubnet | undefined> {
    const s = await mapped(() => this.neutron().findSubnet(ref))
    if (s === undefined) return undefined
    return { id: s.id, name: s.name, networkId: s.network_id, cidr: s.cidr }
  }
}

const mapped = async <T>(f: () => Promise<T>): Promise<T> => {
  try {
    return await f()
  } catch (e) {
    throw toCoreError(e)
  }
}

/**
 * Opens the cloud as the caller. Keystone callers act with their own token and the catalog of
 * its (cached) validation; OIDC callers act through Berth's service account.
 *
 * @example
 * const keystone = new KeystoneClient({ authUrl: config.OS_AUTH_URL, cacheSeconds: config.BERTH_TOKEN_CACHE_SECONDS })
 * const cloud = new OpenStackCloudResourcesFactory({ keystone, interface: config.OS_INTERFACE, region: config.OS_REGION_NAME })
 * const image = await (await cloud.forPrincipal(principal)).findImage('fedora-coreos')
 */
export class OpenStackCloudResourcesFactory implements CloudResourcesFactory {
  private readonly http: HttpClient

  constructor(private readonly options: OpenStackCloudOptions) {
    this.http = options.http ?? new HttpClient()
  }

  async forPrincipal(principal: Principal): Promise<CloudResources> {
    const { token, catalog } = await this.credentialsFor(principal)
    return new OpenStackCloudResources({
      http: this.http,
      token,
      catalog,
      interface: this.options.interface ?? 'public',
      region: this.options.region,
    })
  }

  private async credentialsFor(principal: Principal): Promise<{ token: string; catalog: Catalog }> {
    if (principal.authMethod === 'keystone') {
      if (principal.token === undefined) throw new UnauthorizedError(AUTHENTICATION_REQUIRED)
      const body = await this.options.keystone.validateToken(principal.token)
      return { token: principal.token, catalog: body.catalog ?? [] }
    }
    const account = this.options.serviceAccount
    if (account === undefined) {
      throw new DependencyError('keystone', 'no service account is configured for OIDC callers')
    }
    const auth = await account.token(principal.projectId)
    return { token: auth.token, catalog: auth.body.catalog ?? [] }
  }
}
