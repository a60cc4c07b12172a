import { createHash } from 'node:crypto'
import { DependencyError, ForbiddenError, UnauthorizedError } from '@berth/core/errors'
import type { Principal } from '@berth/core/principal'
import * as z from 'zod/mini'
import { versionedUrl } from './catalog'
import { AUTHENTICATION_REQUIRED, OpenStackError, toCoreError } from './errors'
import { HttpClient } from './http'
import {
  type ApplicationCredential,
  ApplicationCredentialSchema,
  type Credentials,
  type NewApplicationCredential,
  type TokenBody,
  TokenResponseSchema,
} from './keystone-schemas'
import { LruCache, SingleFlight } from './lru'

const SERVICE = 'keystone'

export interface KeystoneOptions {
  /** Keystone's URL, with or without the trailing `/v3`. */
  authUrl: string
  http?: HttpClient
  /** How long a validated token is trusted without asking again (capped by its expiry). @default 300 */
  cacheSeconds?: number
  /** Most tokens remembered at once, valid and rejected together. @default 10000 */
  cacheSize?: number
  /** How long a rejected token stays rejected without asking again. @default 10 */
  negativeCacheSeconds?: number
  /**
   * Token sent as X-Auth-Token when validating others' tokens (needs Keystone's service or
   * admin role). Absent ⇒ each token validates itself, which Keystone allows for any token.
   */
  serviceToken?: () => Promise<string>
  now?: () => number
}

export interface AuthResult {
  token: string
  expiresAt: Date
  body: TokenBody
}

type CacheEntry = { ok: true; body: TokenBody; expiresAt: number } | { ok: false }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

const identityFor = (c: Credentials) => {
  switch (c.method) {
    case 'password':
      return { methods: ['password'], password: { user: { ...c.user, password: c.password } } }
    case 'token':
      return { methods: ['token'], token: { id: c.token } }
    case 'application_credential':
      return {
        methods: ['application_credential'],
        application_credential: { ...c, method: undefined },
      }
  }
}

const secretOf = (c: Credentials): string =>
  c.method === 'password' ? c.password : c.method === 'token' ? c.token : c.secret

const unauthorized = (cause?: unknown) =>
  new UnauthorizedError(AUTHENTICATION_REQUIRED, cause === undefined ? undefined : { cause })

/**
 * Keystone v3: tokens and application credentials. One instance per process, so its cache of
 * validated tokens is shared by every request.
 *
 * @example
 * const keystone = new KeystoneClient({ authUrl: 'http://127.0.0.1:5000/v3' })
 * const body = await keystone.validateToken(req.header('X-Auth-Token'))
 * const principal = principalFromToken(body, token)
 */
export class KeystoneClient {
  /** Keystone's v3 root, e.g. http://host:5000/v3. */
  readonly url: string
  private readonly http: HttpClient
  private readonly cacheMs: number
  private readonly negativeMs: number
  private readonly serviceToken: (() => Promise<string>) | undefined
  private readonly now: () => number
  private readonly cache: LruCache<string, CacheEntry>
  private readonly flights = new SingleFlight<string, TokenBody>()

  constructor(options: KeystoneOptions) {
    this.url = versionedUrl(options.authUrl, 'v3')
    this.http = options.http ?? new HttpClient()
    this.cacheMs = (options.cacheSeconds ?? 300) * 1000
    this.negativeMs = (options.negativeCacheSeconds ?? 10) * 1000
    this.serviceToken = options.serviceToken
    this.now = options.now ?? Date.now
    this.cache = new LruCache(options.cacheSize ?? 10_000, this.now)
  }

  /**
   * Exchanges credentials for a token (POST /v3/auth/tokens). Wrong or unknown credentials ⇒
   * UnauthorizedError.
   */
  async authenticate(credentials: Credentials): Promise<AuthResult> {
    const auth: Record<string, unknown> = { identity: identityFor(credentials) }
    if (credentials.method === 'password' && credentials.trust !== undefined) {
      auth.scope = { 'OS-TRUST:trust': credentials.trust }
    } else if (
      credentials.method !== 'application_credential' &&
      credentials.project !== undefined
    ) {
      auth.scope = { project: credentials.project }
    }
    try {
      const res = await this.http.request({
        service: SERVICE,
        method: 'POST',
        url: `${this.url}/auth/tokens`,
        body: { auth },
        // Issuing a token twice is harmless, so a lost answer may be retried.
        idempotent: true,
        secrets: [secretOf(credentials)],
      })
      const token = res.headers.get('x-subject-token')
      const parsed = TokenResponseSchema.safeParse(res.body)
      if (token === null || !parsed.success) {
        throw new DependencyError(SERVICE, 'sent a token response Berth could not understand')
      }
      return { token, expiresAt: new Date(parsed.data.token.expires_at), body: parsed.data.token }
    } catch (e) {
      // Keystone answers a deleted application credential with 404: as wrong as a bad secret.
      if (e instanceof OpenStackError && e.failure === 'http' && e.status === 404) {
        throw unauthorized(e)
      }
      throw toCoreError(e)
    }
  }

  /**
   * The body of a valid token (GET /v3/auth/tokens, catalog included). Answers are cached by the
   * token's SHA-256 for the cache time or until the token expires, whichever is sooner, and
   * concurrent calls for one token share one request. Invalid or expired ⇒ UnauthorizedError
   * (remembered briefly); Keystone failing ⇒ DependencyError.
   */
  async validateToken(subjectToken: string): Promise<TokenBody> {
    if (subjectToken === '') throw unauthorized()
    const key = sha256(subjectToken)
    const hit = this.cache.get(key)
    if (hit !== undefined) {
      if (!hit.ok) throw unauthorized()
      if (hit.expiresAt > this.now()) return hit.body
      this.cache.delete(key)
    }
    return this.flights.run(key, () => this.fetchValidation(subjectToken, key))
  }

  /** Forgets a token, e.g. after the user revoked it. */
  forget(subjectToken: string): void {
    this.cache.delete(sha256(subjectToken))
  }

  private async fetchValidation(subjectToken: string, key: string): Promise<TokenBody> {
    const viaService = this.serviceToken !== undefined
    let authToken: string
    try {
      authToken = viaService ? await this.serviceToken!() : subjectToken
    } catch (e) {
      throw new DependencyError(SERVICE, 'Berth could not obtain its service token', { cause: e })
    }
    let body: TokenBody
    try {
      const res = await this.http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${this.url}/auth/tokens`,
          token: authToken,
          headers: { 'X-Subject-Token': subjectToken },
          secrets: [subjectToken],
        },
        TokenResponseSchema
      )
      body = res.token
    } catch (e) {
      const rejected =
        e instanceof OpenStackError && (e.status === 404 || (e.status === 401 && !viaService))
      if (rejected) {
        this.cache.set(key, { ok: false }, this.now() + this.negativeMs)
        throw unauthorized(e)
      }
      if (e instanceof OpenStackError && e.failure === 'http' && e.status < 500) {
        // 401/403 with a service token: Berth's own credentials are wrong, not the caller's.
        throw new DependencyError(SERVICE, `token validation refused (${e.status})`, { cause: e })
      }
      throw toCoreError(e)
    }
    const expiresAt = Date.parse(body.expires_at)
    const now = this.now()
    if (!(expiresAt > now)) {
      this.cache.set(key, { ok: false }, now + this.negativeMs)
      throw unauthorized()
    }
    this.cache.set(key, { ok: true, body, expiresAt }, Math.min(now + this.cacheMs, expiresAt))
    return body
  }

  /**
   * Creates an application credential for the token's own user, limited to the token's project.
   * The secret is in the answer and nowhere else afterwards.
   */
  async createApplicationCredential(
    token: string,
    input: NewApplicationCredential
  ): Promise<ApplicationCredential> {
    const { user } = await this.validateToken(token)
    const body: Record<string, unknown> = {
      name: input.name,
      unrestricted: input.unrestricted ?? false,
    }
    if (input.description !== undefined) body.description = input.description
    if (input.secret !== undefined) body.secret = input.secret
    if (input.roles !== undefined) body.roles = input.roles.map((name) => ({ name }))
    if (input.expiresAt !== undefined) {
      body.expires_at =
        input.expiresAt instanceof Date ? input.expiresAt.toISOString() : input.expiresAt
    }
    try {
      const res = await this.http.requestJson(
        {
          service: SERVICE,
          method: 'POST',
          url: `${this.url}/users/${encodeURIComponent(user.id)}/application_credentials`,
          token,
          body: { application_credential: body },
          secrets: input.secret === undefined ? [] : [input.secret],
        },
        z.object({ application_credential: ApplicationCredentialSchema })
      )
      return res.application_credential
    } catch (e) {
      throw toCoreError(e)
    }
  }

  /** The user's application credentials, by name if given (GET, the owner's or an admin's token). */
  async listApplicationCredentials(
    token: string,
    options: { userId?: string; name?: string } = {}
  ): Promise<ApplicationCredential[]> {
    const userId = options.userId ?? (await this.validateToken(token)).user.id
    try {
      const res = await this.http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${this.url}/users/${encodeURIComponent(userId)}/application_credentials`,
          query: { name: options.name },
          token,
        },
        z.looseObject({ application_credentials: z.array(ApplicationCredentialSchema) })
      )
      return res.application_credentials
    } catch (e) {
      throw toCoreError(e)
    }
  }

  /**
   * Deletes an application credential; false when it was already gone. Without `userId` it is
   * one of the token's own user's; with it, any user's, which Keystone allows an admin.
   */
  async deleteApplicationCredential(token: string, id: string, userId?: string): Promise<boolean> {
    const owner = userId ?? (await this.validateToken(token)).user.id
    try {
      await this.http.request({
        service: SERVICE,
        method: 'DELETE',
        url: `${this.url}/users/${encodeURIComponent(owner)}/application_credentials/${encodeURIComponent(id)}`,
        token,
      })
      return true
    } catch (e) {
      if (e instanceof OpenStackError && e.status === 404) return false
      throw toCoreError(e)
    }
  }
}

/**
 * The caller as the core sees them. Berth acts on projects, so a token scoped to a domain or
 * the system (or not at all) is refused. Keystone already lists implied roles in the token.
 *
 * @example
 * const principal = principalFromToken(await keystone.validateToken(token), token)
 */
export const principalFromToken = (body: TokenBody, token?: string): Principal => {
  const project = body.project
  if (project === undefined) {
    throw new ForbiddenError('A project-scoped token is required.')
  }
  const principal: Principal = {
    userId: body.user.id,
    projectId: project.id,
    roles: [...new Set((body.roles ?? []).map((r) => r.name))],
    authMethod: 'keystone',
    expiresAt: body.expires_at,
  }
  if (body.user.name !== undefined) principal.userName = body.user.name
  if (body.user.domain?.id !== undefined) principal.userDomainId = body.user.domain.id
  if (project.name !== undefined) principal.projectName = project.name
  if (project.domain?.id !== undefined) principal.projectDomainId = project.domain.id
  if (token !== undefined) principal.token = token
  return principal
}
