import { DependencyError, isBerthError } from '@berth/core/errors'
import { ConfigError } from '@berth/shared/config'
import type { AuthResult, KeystoneClient } from './keystone'
import type { ApplicationCredentials, PasswordCredentials } from './keystone-schemas'
import { LruCache, SingleFlight } from './lru'

export interface ServiceAccountOptions {
  /**
   * Berth's own Keystone identity. A password may carry a `project` scope; an application
   * credential is always scoped to the project it was created in.
   */
  credentials: PasswordCredentials | ApplicationCredentials
  /**
   * Which project the account's tokens are scoped to:
   * - `'credentials'` (default): the scope the credentials carry; every caller shares it.
   * - `'principal-project'`: the calling principal's project, so Glance, Nova and Neutron show
   *   what that project can see. Needs password credentials (application credentials cannot be
   *   re-scoped) and a role for the account on every such project.
   */
  scope?: 'credentials' | 'principal-project'
  /** A token this close to expiry is replaced before use. @default 300 */
  refreshMarginSeconds?: number
  /** Most project-scoped tokens kept at once. @default 1000 */
  cacheSize?: number
  now?: () => number
}

/**
 * Berth's service account: authenticates with the configured credentials and keeps each token
 * until shortly before it expires, one request at a time per scope.
 *
 * @example
 * const account = new ServiceAccount(keystone, {
 *   credentials: { method: 'application_credential', id: 'abc', secret: 's3cret' },
 * })
 * const { token, body } = await account.token()
 */
export class ServiceAccount {
  private readonly marginMs: number
  private readonly now: () => number
  private readonly tokens: LruCache<string, AuthResult>
  private readonly flights = new SingleFlight<string, AuthResult>()
  readonly scope: 'credentials' | 'principal-project'

  constructor(
    private readonly keystone: KeystoneClient,
    private readonly options: ServiceAccountOptions
  ) {
    this.scope = options.scope ?? 'credentials'
    if (this.scope === 'principal-project' && options.credentials.method !== 'password') {
      throw new ConfigError(
        "service account scope 'principal-project' needs password credentials: application credentials cannot be re-scoped"
      )
    }
    this.marginMs = (options.refreshMarginSeconds ?? 300) * 1000
    this.now = options.now ?? Date.now
    this.tokens = new LruCache(options.cacheSize ?? 1000, this.now)
  }

  /**
   * A token with at least the refresh margin left. `projectId` matters only with scope
   * `'principal-project'`; without it the credentials' own scope applies.
   */
  async token(projectId?: string): Promise<AuthResult> {
    const credentials = this.scopedCredentials(projectId)
    const key = credentials.method === 'password' ? JSON.stringify(credentials.project ?? null) : ''
    return this.cached(key, credentials)
  }

  /**
   * A token of the account scoped to a trust it is the trustee of, acting as the trustor.
   * Needs password credentials: application credentials cannot be re-scoped to a trust.
   */
  async trustToken(trustId: string): Promise<AuthResult> {
    const { credentials } = this.options
    if (credentials.method !== 'password') {
      throw new DependencyError(
        'keystone',
        "Berth's service account needs password credentials to act through Keystone trusts"
      )
    }
    const { project: _project, ...unscoped } = credentials
    return this.cached(`trust:${trustId}`, { ...unscoped, trust: { id: trustId } })
  }

  private cached(
    key: string,
    credentials: PasswordCredentials | ApplicationCredentials
  ): Promise<AuthResult> {
    const hit = this.tokens.get(key)
    if (hit !== undefined) return Promise.resolve(hit)
    return this.flights.run(key, async () => {
      let auth: AuthResult
      try {
        auth = await this.keystone.authenticate(credentials)
      } catch (e) {
        // The caller did nothing wrong: Berth's own configuration or Keystone is at fault.
        const why = isBerthError(e) && e.kind === 'unauthorized' ? 'rejected' : 'failed'
        throw new DependencyError('keystone', `authentication of Berth's service account ${why}`, {
          cause: e,
        })
      }
      this.tokens.set(key, auth, auth.expiresAt.getTime() - this.marginMs)
      return auth
    })
  }

  /** Just the token string, in the shape KeystoneOptions.serviceToken expects. */
  readonly tokenString = async (): Promise<string> => (await this.token()).token

  private scopedCredentials(projectId: string | undefined) {
    const { credentials } = this.options
    if (this.scope === 'credentials' || credentials.method !== 'password') return credentials
    if (projectId === undefined) return credentials
    return { ...credentials, project: { id: projectId } }
  }
}
