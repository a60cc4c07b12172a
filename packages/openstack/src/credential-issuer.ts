import { ConflictError, DependencyError } from '@berth/core/errors'
import type { CredentialIssuer } from '@berth/core/ports/cluster-cloud'
import type { KeystoneClient } from './keystone'
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
  now?: () => number
}

/**
 * The per-cluster Keystone application credential: issued with the requester's token at
 * create, for the requester's project and exactly the token's roles, restricted (it cannot
 * make further credentials or trusts); revoked by Berth's service account at delete.
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

  constructor(private readonly options: KeystoneCredentialIssuerOptions) {
    this.now = options.now ?? Date.now
  }

  async issue(
    userToken: string,
    name: string,
    description: string
  ): Promise<{ id: string; name: string; userId: string; secret: string }> {
    const { keystone, expiresInSeconds } = this.options
    const body = await keystone.validateToken(userToken)
    const input = {
      name,
      description,
      roles: [...new Set((body.roles ?? []).map((r) => r.name))],
      unrestricted: false,
      ...(expiresInSeconds === undefined
        ? {}
        : { expiresAt: new Date(this.now() + expiresInSeconds * 1000) }),
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
    return { id: created.id, name: created.name, userId: body.user.id, secret: created.secret }
  }

  /** Deletes the credential as Berth's service account; one already gone counts as revoked. */
  async revoke(userId: string, credentialId: string): Promise<void> {
    const account = this.options.serviceAccount
    if (account === undefined) {
      throw new DependencyError(
        'keystone',
        `no service account is configured to remove application credential ${credentialId} of user ${userId}; configure BERTH_SERVICE_* credentials with the admin role`
      )
    }
    try {
      const { token } = await account.token()
      await this.options.keystone.deleteApplicationCredential(token, credentialId, userId)
    } catch (e) {
      throw toWorkflowError(e)
    }
  }
}
