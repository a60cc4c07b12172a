import { endpointFor, versionedUrl } from '../catalog'
import type { HttpClient, HttpMethod } from '../http'
import type { KeystoneClient } from '../keystone'
import type { PasswordCredentials } from '../keystone-schemas'

/**
 * Raw calls as a project member, for making what the contract then expects Berth to find:
 * the things a cluster's cloud provider would have left behind.
 */
export const memberApi = async (
  keystone: KeystoneClient,
  http: HttpClient,
  member: PasswordCredentials
) => {
  const { token, body } = await keystone.authenticate(member)
  const catalog = body.catalog ?? []
  const base = (serviceType: string, version: string) =>
    versionedUrl(endpointFor(catalog, { serviceType }), version)
  const call = async <T>(
    service: 'network' | 'load-balancer',
    method: HttpMethod,
    path: string,
    body?: unknown,
    query?: Record<string, string>
  ): Promise<T> => {
    const url = `${base(service, service === 'network' ? 'v2.0' : 'v2')}/${path}`
    const res = await http.request({ service, method, url, token, body, query })
    return res.body as T
  }
  return { token, projectId: body.project?.id ?? '', call }
}
export type MemberApi = Awaited<ReturnType<typeof memberApi>>
