import type { TestUser } from '../support/keystone'
import { LAB_AUTH_URL, labIdentity } from './lab-support'

/** What Heat built for a stack: the physical ids of its Neutron resources, nested ones included. */
export interface NeutronFootprint {
  ports: string[]
  floatingips: string[]
  security_groups: string[]
  networks: string[]
  subnets: string[]
  routers: string[]
}

const COLLECTION_OF: Record<string, keyof NeutronFootprint> = {
  'OS::Neutron::Port': 'ports',
  'OS::Neutron::FloatingIP': 'floatingips',
  'OS::Neutron::SecurityGroup': 'security_groups',
  'OS::Neutron::Net': 'networks',
  'OS::Neutron::Subnet': 'subnets',
  'OS::Neutron::Router': 'routers',
}

type Catalog = { type: string; endpoints: { interface: string; url: string }[] }[]

/**
 * The lab as one of its users sees it, through raw API calls: what Berth's clusters left in
 * Heat and Neutron, checked independently of Berth's own clients.
 */
export const labCloud = async (user: TestUser) => {
  const { token } = await labIdentity(user)
  const res = await fetch(`${LAB_AUTH_URL}/auth/catalog`, { headers: { 'X-Auth-Token': token } })
  const { catalog } = (await res.json()) as { catalog: Catalog }
  const endpoint = (type: string) => {
    const url = catalog
      .find((s) => s.type === type)
      ?.endpoints.find((e) => e.interface === 'public')?.url
    if (url === undefined) throw new Error(`the lab's catalog has no public ${type} endpoint`)
    return url.replace(/\/+$/, '')
  }
  const heat = endpoint('orchestration')
  const neutron = `${endpoint('network')}/v2.0`
  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const r = await fetch(url, { headers: { 'X-Auth-Token': token, Accept: 'application/json' } })
    const text = await r.text()
    return { status: r.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as T }
  }

  return {
    /** The stack's resources not in a *_COMPLETE state, nested ones included: why it waits. */
    async unfinished(stackId: string): Promise<string[]> {
      const r = await get<{
        resources?: {
          resource_name: string
          resource_type: string
          resource_status: string
          resource_status_reason: string
        }[]
      }>(`${heat}/stacks/${stackId}/resources?nested_depth=5`)
      return (r.body.resources ?? [])
        .filter((x) => !x.resource_status.endsWith('_COMPLETE'))
        .map(
          (x) =>
            `${x.resource_name} (${x.resource_type}) ${x.resource_status}: ${x.resource_status_reason}`
        )
    },

    /** The stack's status, or undefined once Heat no longer shows it (404 or DELETE_COMPLETE). */
    async stackStatus(id: string): Promise<string | undefined> {
      const r = await get<{ stack?: { stack_status: string } }>(`${heat}/stacks/${id}`)
      // GET by id alone redirects to …/stacks/<name>/<id>; fetch follows it.
      const status = r.body.stack?.stack_status
      return r.status === 404 || status === 'DELETE_COMPLETE' ? undefined : status
    },

    async footprint(stackId: string): Promise<NeutronFootprint> {
      const r = await get<{
        resources: { resource_type: string; physical_resource_id: string }[]
      }>(`${heat}/stacks/${stackId}/resources?nested_depth=5`)
      const found: NeutronFootprint = {
        ports: [],
        floatingips: [],
        security_groups: [],
        networks: [],
        subnets: [],
        routers: [],
      }
      for (const resource of r.body.resources ?? []) {
        const collection = COLLECTION_OF[resource.resource_type]
        if (collection && resource.physical_resource_id) {
          found[collection].push(resource.physical_resource_id)
        }
      }
      return found
    },

    /** Of these Neutron resources, the ones that still exist. */
    async stillThere(footprint: NeutronFootprint): Promise<string[]> {
      const left: string[] = []
      for (const [collection, ids] of Object.entries(footprint)) {
        for (const id of ids) {
          const r = await get(`${neutron}/${collection.replace('_', '-')}/${id}`)
          if (r.status !== 404) left.push(`${collection}/${id} (${r.status})`)
        }
      }
      return left
    },

    /** Floating IPs and security groups whose description names the cluster. */
    async namingCluster(clusterUuid: string): Promise<string[]> {
      const fips = await get<{ floatingips: { id: string; description: string }[] }>(
        `${neutron}/floatingips`
      )
      const groups = await get<{ security_groups: { id: string; description: string }[] }>(
        `${neutron}/security-groups`
      )
      return [...(fips.body.floatingips ?? []), ...(groups.body.security_groups ?? [])]
        .filter((r) => (r.description ?? '').includes(clusterUuid))
        .map((r) => r.id)
    },

    /** The user's application credentials whose name or description names the cluster. */
    async credentialsNaming(clusterUuid: string): Promise<string[]> {
      const { userId } = await labIdentity(user)
      const r = await get<{
        application_credentials: { id: string; name: string; description: string | null }[]
      }>(`${LAB_AUTH_URL}/users/${userId}/application_credentials`)
      return (r.body.application_credentials ?? [])
        .filter((c) => `${c.name} ${c.description ?? ''}`.includes(clusterUuid))
        .map((c) => c.name)
    },
  }
}
export type LabCloud = Awaited<ReturnType<typeof labCloud>>
