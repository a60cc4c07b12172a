import { ConflictError, DependencyError } from '@berth/core/errors'
import type { CredentialIssuer } from '@berth/core/ports/cluster-cloud'
import type { HttpClient } from './http'
import type { KeystoneClient } from './keystone'
import { KeystoneTrusts } from './keystone-trusts'
import type { ServiceAccount } from './service-account'
import { toWorkflowError } from './workflow-errors'

export interface KeystoneCredentialIssuerOptions {
  /** Shared with the API, so the requester's token is validated once. */
  keystone: KeystoneClient
  /**
   * Berth's own account, which removes credentials at cluster delete (the user's token is long
   * gone by then). Needs Keystone's admin role, which may delete any user's credential.
   */
  serviceAccount?: ServiceAccount
  /** Lifetime of each credential. Absent ⇒ none: a cluster may outlive any fixed lifetime. */
  expiresInSeconds?: number
  /**
   * Also issue a trust from the user to the service account, through which workflows reach
   * Heat. Needed where Keystone refuses trusts to application-credential tokens (the fix for
   * LP#2150089, unless allow_insecure_application_credential_trust_escalation is set): Heat
   * makes a trust for every stack. Needs a service account with password credentials.
   * @default false
   */
  heatTrust?: boolean
  /** Used for trusts. @default a new HttpClient */
  http?: HttpClient
  now?: () => number
}

/**
 * The per-cluster Keystone application credential: issued with the requester's token at
 * create, for the requester's project and exactly the token's roles, restricted (it cannot
 * make further credentials or trusts); revoked by Berth's service account at delete.
 *
 * With `heatTrust`, issue also makes a trust from the user to the service account, through
 * which the workflows reach Heat (see the option); revoke removes both.
 *
 * `issue` fails with core errors (it runs in the API request); `revoke` with errors named for
 * the state machine (it runs in the delete workflow), except a missing service account, which
 * is a DependencyError no retry can fix.
 *
 * @example
 * const issuer = new KeystoneCredentialIssuer({ keystone, serviceAccount })
 * const cred = await issuer.issue(principal.token, `berth-${uuid}`, `Cluster ${name} (${uuid})`)
 * await issuer.revoke(cred.userId, cred.id)
 */
export class KeystoneCredentialIssuer implements CredentialIssuer {
  private readonly now: () => number
  private readonly trusts: KeystoneTrusts

  constructor(private readonly options: KeystoneCredentialIssuerOptions) {
    this.now = options.now ?? Date.now
    this.trusts = new KeystoneTrusts(options.keystone, options.http)
  }

  async issue(
    userToken: string,
    name: string,
    description: string
  ): Promise<{ id: string; name: string; userId: string; secret: string; trustId?: string }> {
    const { keystone, expiresInSeconds } = this.options
    // Before anything is made: without a trustee there is nothing to trust.
    const trustee = this.options.heatTrust ? this.serviceAccount() : undefined
    const body = await keystone.validateToken(userToken)
    const roles = [...new Set((body.roles ?? []).map((r) => r.name))]
    const expiresAt =
      expiresInSeconds === undefined ? undefined : new Date(this.now() + expiresInSeconds * 1000)
    const input = {
      name,
      description,
      roles,
      unrestricted: false,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    }
    let created: Awaited<ReturnType<KeystoneClient['createApplicationCredential']>>
    try {
      created = await keystone.createApplicationCredential(userToken, input)
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e
      // Names are unique per user: a retried create left one behind whose secret nobody kept.
      const stale = await keystone.listApplicationCredentials(userToken, { name })
      for (const c of stale) await keystone.deleteApplicationCredential(userToken, c.id)
      created = await keystone.createApplicationCredential(userToken, input)
    }
    if (created.secret === undefined) {
      throw new DependencyError('keystone', 'created an application credential without a secret')
    }
    const issued = {
      id: created.id,
      name: created.name,
      userId: body.user.id,
      secret: created.secret,
    }
    if (trustee === undefined) return issued
    try {
      const trusteeUserId = (await trustee.token()).body.user.id
      const trust = await this.trusts.create(userToken, {
        trusteeUserId,
        roles,
        impersonation: true,
        // Heat makes its own trust for the stack from the trust-scoped token.
        allowRedelegation: true,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      })
      return { ...issued, trustId: trust.id }
    } catch (e) {
      // No half-issued credential: the caller never learns of this one.
      await keystone.deleteApplicationCredential(userToken, created.id).catch(() => false)
      throw e
    }
  }

  /**
   * Deletes the credential (and the trust, if given) as Berth's service account; what is
   * already gone counts as revoked.
   */
  async revoke(userId: string, credentialId: string, trustId?: string): Promise<void> {
    const account = this.serviceAccount(credentialId, userId)
    try {
      const { token } = await account.token()
      if (trustId !== undefined) await this.trusts.delete(token, trustId)
      await this.options.keystone.deleteApplicationCredential(token, credentialId, userId)
    } catch (e) {
      throw toWorkflowError(e)
    }
  }

  private serviceAccount(credentialId?: string, userId?: string): ServiceAccount {
    const account = this.options.serviceAccount
    if (account !== undefined) return account
    const what =
      credentialId === undefined
        ? 'to receive the trust Heat is reached through'
        : `to remove application credential ${credentialId} of user ${userId}`
    throw new DependencyError(
      'keystone',
      `no service account is configured ${what}; configure BERTH_SERVICE_* credentials with the admin role`
    )
  }
}
