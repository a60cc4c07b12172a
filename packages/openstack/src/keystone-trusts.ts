import { ForbiddenError } from '@berth/core/errors'
import * as z from 'zod/mini'
import { OpenStackError, toCoreError } from './errors'
import { HttpClient } from './http'
import type { KeystoneClient } from './keystone'
import { type NewTrust, type Trust, TrustSchema } from './keystone-schemas'

const SERVICE = 'keystone'

/**
 * Keystone trusts (OS-TRUST) from a token's user to a trustee who acts as them later. Heat
 * makes a trust of its own for every stack, which Keystone (since the fix for LP#2150089)
 * refuses to application-credential tokens but allows to a trust-scoped token whose trust
 * allows redelegation.
 *
 * @example
 * const trusts = new KeystoneTrusts(keystone)
 * const trust = await trusts.create(userToken, { trusteeUserId: berthUserId, allowRedelegation: true })
 */
export class KeystoneTrusts {
  private readonly http: HttpClient

  constructor(
    private readonly keystone: KeystoneClient,
    http?: HttpClient
  ) {
    this.http = http ?? new HttpClient()
  }

  /** A trust from the token's user on the token's project; roles default to the token's. */
  async create(token: string, input: NewTrust): Promise<Trust> {
    const body = await this.keystone.validateToken(token)
    const projectId = body.project?.id
    if (projectId === undefined) throw new ForbiddenError('A project-scoped token is required.')
    const trust: Record<string, unknown> = {
      trustor_user_id: body.user.id,
      trustee_user_id: input.trusteeUserId,
      project_id: projectId,
      impersonation: input.impersonation ?? true,
      roles: (input.roles ?? (body.roles ?? []).map((r) => r.name)).map((name) => ({ name })),
    }
    if (input.allowRedelegation) trust.allow_redelegation = true
    if (input.expiresAt !== undefined) {
      trust.expires_at =
        input.expiresAt instanceof Date ? input.expiresAt.toISOString() : input.expiresAt
    }
    try {
      const res = await this.http.requestJson(
        {
          service: SERVICE,
          method: 'POST',
          url: `${this.keystone.url}/OS-TRUST/trusts`,
          token,
          body: { trust },
        },
        z.object({ trust: TrustSchema })
      )
      return res.trust
    } catch (e) {
      throw toCoreError(e)
    }
  }

  /** Deletes a trust (its trustor, or an admin); false when it was already gone. */
  async delete(token: string, trustId: string): Promise<boolean> {
    try {
      await this.http.request({
        service: SERVICE,
        method: 'DELETE',
        url: `${this.keystone.url}/OS-TRUST/trusts/${encodeURIComponent(trustId)}`,
        token,
      })
      return true
    } catch (e) {
      if (e instanceof OpenStackError && e.status === 404) return false
      throw toCoreError(e)
    }
  }
}
