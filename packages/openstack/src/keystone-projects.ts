import type { Principal } from '@berth/core/principal'
import type { ProjectDirectory } from '@berth/core/quotas/deps'
import { OpenStackError, toCoreError } from './errors'
import { HttpClient } from './http'
import type { KeystoneClient } from './keystone'
import type { ServiceAccount } from './service-account'

const SERVICE = 'keystone'

/**
 * Whether a Keystone project exists (GET /v3/projects/{id}): asked as Berth's service account
 * when one is configured, else with the caller's own token (an admin's, for quota writes).
 * 404 means no such project; any other refusal is the caller's or Keystone's error.
 * @example
 * const projects = new KeystoneProjectDirectory(keystone, serviceAccount)
 * if (!(await projects.exists(projectId, principal))) throw new NotFoundError('…')
 */
export class KeystoneProjectDirectory implements ProjectDirectory {
  private readonly http: HttpClient

  constructor(
    private readonly keystone: KeystoneClient,
    private readonly account: ServiceAccount | undefined,
    http?: HttpClient
  ) {
    this.http = http ?? new HttpClient()
  }

  async exists(projectId: string, caller: Principal): Promise<boolean> {
    const token = this.account ? (await this.account.token()).token : caller.token
    if (token === undefined) return false
    try {
      await this.http.request({
        service: SERVICE,
        method: 'GET',
        url: `${this.keystone.url}/projects/${encodeURIComponent(projectId)}`,
        token,
      })
      return true
    } catch (e) {
      if (e instanceof OpenStackError && e.status === 404) return false
      throw toCoreError(e)
    }
  }
}
