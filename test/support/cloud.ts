import { identity, type TestUser, testEnv } from './berth'

/**
 * The development cloud as a test sees it from outside: its control API (faults, timing) and
 * the resources a project holds, read through the real OpenStack APIs its catalog lists.
 */
const controlUrl = () => `${testEnv().authUrl.replace(/\/v3\/?$/, '')}/devcloud`

const control = async (method: string, path: string, body?: unknown) => {
  const { token } = await identity('admin')
  const res = await fetch(`${controlUrl()}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (res.status >= 300)
    throw new Error(`devcloud control ${method} ${path}: ${res.status} ${await res.text()}`)
  return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>)
}

export const addFault = (spec: Record<string, unknown>) => control('POST', '/faults', spec)
export const clearFaults = () => control('DELETE', '/faults')
export const removeFault = (id: string) => control('DELETE', `/faults/${id}`)

interface CatalogEntry {
  type: string
  endpoints: { interface: string; url: string }[]
}

const catalogOf = async (user: TestUser): Promise<{ token: string; urls: Map<string, string> }> => {
  const { token } = await identity(user)
  const res = await fetch(`${testEnv().authUrl}/auth/catalog`, {
    headers: { 'X-Auth-Token': token },
  })
  const { catalog } = (await res.json()) as { catalog: CatalogEntry[] }
  const urls = new Map<string, string>()
  for (const e of catalog) {
    const url = e.endpoints.find((p) => p.interface === 'public')?.url
    if (url) urls.set(e.type, url.replace(/\/$/, ''))
  }
  return { token, urls }
}

const list = async (
  token: string,
  url: string,
  key: string
): Promise<Record<string, unknown>[]> => {
  const res = await fetch(url, { headers: { 'X-Auth-Token': token } })
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as Record<string, Record<string, unknown>[]>)[key] ?? []
}

/** What a project holds in the cloud, by kind: ids of stacks, servers, ports, FIPs, SGs, LBs, volumes. */
export const cloudInventory = async (user: TestUser): Promise<Record<string, string[]>> => {
  const { token, urls } = await catalogOf(user)
  const heat = urls.get('orchestration')
  const nova = urls.get('compute')
  const neutron = urls.get('network')
  const octavia = urls.get('load-balancer')
  const ids = (xs: Record<string, unknown>[]) => xs.map((x) => String(x.id)).sort()
  const out: Record<string, string[]> = {}
  if (heat) out.stacks = ids(await list(token, `${heat}/stacks`, 'stacks'))
  if (nova) out.servers = ids(await list(token, `${nova}/servers`, 'servers'))
  if (neutron) {
    out.ports = ids(await list(token, `${neutron}/v2.0/ports`, 'ports'))
    out.floatingips = ids(await list(token, `${neutron}/v2.0/floatingips`, 'floatingips'))
    out.security_groups = ids(
      (await list(token, `${neutron}/v2.0/security-groups`, 'security_groups')).filter(
        (g) => g.name !== 'default'
      )
    )
    out.networks = ids(
      (await list(token, `${neutron}/v2.0/networks`, 'networks')).filter(
        (n) => n['router:external'] !== true
      )
    )
    out.routers = ids(await list(token, `${neutron}/v2.0/routers`, 'routers'))
  }
  if (octavia)
    out.loadbalancers = ids(await list(token, `${octavia}/v2/lbaas/loadbalancers`, 'loadbalancers'))
  const cinder = urls.get('volumev3')
  if (cinder) out.volumes = ids(await list(token, `${cinder}/volumes`, 'volumes'))
  return out
}

/** A stack's Heat URL (`…/stacks/<name>/<id>`) and its name, as `user` sees it. */
const stackUrl = async (user: TestUser, stackId: string) => {
  const { token, urls } = await catalogOf(user)
  const heat = urls.get('orchestration')
  const shown = await fetch(`${heat}/stacks/${stackId}`, { headers: { 'X-Auth-Token': token } })
  const { stack } = (await shown.json()) as { stack: { stack_name: string } }
  return { token, name: stack.stack_name, url: `${heat}/stacks/${stack.stack_name}/${stackId}` }
}

/** The stack's own events (not its resources'), oldest first: `STATUS: reason`. */
export const stackEvents = async (user: TestUser, stackId: string): Promise<string[]> => {
  const { token, name, url } = await stackUrl(user, stackId)
  const events = await list(token, `${url}/events?sort_dir=asc`, 'events')
  return events
    .filter((e) => e.resource_name === name)
    .map((e) => `${e.resource_status}: ${e.resource_status_reason}`)
}

/** Names of the stack's resources in *_IN_PROGRESS at any depth: `name STATUS`. */
export const resourcesInProgress = async (user: TestUser, stackId: string): Promise<string[]> => {
  const { token, url } = await stackUrl(user, stackId)
  const resources = await list(token, `${url}/resources?nested_depth=5`, 'resources')
  return resources
    .filter((r) => String(r.resource_status).endsWith('_IN_PROGRESS'))
    .map((r) => `${r.resource_name} ${r.resource_status}`)
}
