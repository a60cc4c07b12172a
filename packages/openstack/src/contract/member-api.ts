import { endpointFor, versionedUrl } from '../catalog'
import { orchestrationUrl } from '../heat'
import type { HttpClient, HttpMethod } from '../http'
import type { KeystoneClient } from '../keystone'
import type { PasswordCredentials } from '../keystone-schemas'

/** The services the contract calls directly, and the API version each is called at. */
export type MemberService = 'network' | 'load-balancer' | 'compute' | 'image' | 'orchestration'

const VERSION: Record<Exclude<MemberService, 'orchestration'>, string> = {
  network: 'v2.0',
  'load-balancer': 'v2',
  compute: 'v2.1',
  image: 'v2',
}

/**
 * Raw calls as a project member, for making what the contract then expects Berth to find (the
 * things a cluster's cloud provider would have left behind) and for reading what the services
 * answer where Berth's clients do not go.
 */
export const memberApi = async (
  keystone: KeystoneClient,
  http: HttpClient,
  member: PasswordCredentials
) => {
  const { token, body } = await keystone.authenticate(member)
  const catalog = body.catalog ?? []
  const projectId = body.project?.id ?? ''
  const base = (service: MemberService) => {
    const url = endpointFor(catalog, { serviceType: service })
    return service === 'orchestration'
      ? orchestrationUrl(url, projectId)
      : versionedUrl(url, VERSION[service])
  }
  const call = async <T>(
    service: MemberService,
    method: HttpMethod,
    path: string,
    body?: unknown,
    query?: Record<string, string>
  ): Promise<T> => {
    const res = await http.request({
      service,
      method,
      url: `${base(service)}/${path}`,
      token,
      body,
      query,
    })
    return res.body as T
  }
  /** Like `call`, but answers the status of a refusal instead of throwing. */
  const attempt = async <T>(
    service: MemberService,
    method: HttpMethod,
    path: string,
    body?: unknown
  ): Promise<{ status: number; body: T | undefined }> => {
    try {
      const res = await http.request({
        service,
        method,
        url: `${base(service)}/${path}`,
        token,
        body,
      })
      return { status: res.status, body: res.body as T }
    } catch (e) {
      const status = (e as { status?: unknown }).status
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return { status, body: undefined }
      }
      throw e
    }
  }
  /** A GET of any URL under `root` (another project's, say) with this member's token. */
  const attemptAt = async (root: string, path: string): Promise<{ status: number }> => {
    try {
      return await http.request({
        service: 'contract',
        method: 'GET',
        url: `${root}/${path}`,
        token,
      })
    } catch (e) {
      const status = (e as { status?: unknown }).status
      if (typeof status === 'number' && status >= 400 && status < 500) return { status }
      throw e
    }
  }
  return { token, projectId, userId: body.user.id, catalog, base, call, attempt, attemptAt }
}
export type MemberApi = Awaited<ReturnType<typeof memberApi>>
