import { afterEach, describe, expect, it } from 'vitest'
import { HttpClient } from './http'
import { OctaviaClient } from './octavia'
import { type Received, type ScriptedServer, startScriptedServer } from './test-support'

const CLUSTER = '7b1c9a4e-2f0d-4c55-9a57-0c2f1d9e8b11'
const lb = (id: string, description: string, status = 'ACTIVE') => ({
  id,
  name: `kube_service_${id}`,
  description,
  provisioning_status: status,
  operating_status: 'ONLINE',
  vip_port_id: `port-${id}`,
  project_id: 'p1',
})
const lbs = [
  lb('a', `Kubernetes external service default/web from cluster ${CLUSTER}`),
  lb('b', 'something else'),
  lb(
    'c',
    `Kubernetes external service kube-system/ingress from cluster ${CLUSTER}`,
    'PENDING_UPDATE'
  ),
]

let server: ScriptedServer
afterEach(() => server.close())

const startOctavia = async () => {
  server = await startScriptedServer((r: Received) => {
    const url = new URL(r.path, 'http://x')
    const id = url.pathname.split('/')[4]
    const found = lbs.find((l) => l.id === id)
    const notFound = {
      status: 404,
      body: { faultcode: 'Client', faultstring: `Load Balancer ${id} could not be found.` },
    }
    if (r.method === 'DELETE') {
      if (!found) return notFound
      return found.provisioning_status.startsWith('PENDING')
        ? {
            status: 409,
            body: {
              faultcode: 'Client',
              faultstring: `Invalid state ${found.provisioning_status} of loadbalancer resource ${id}`,
            },
          }
        : { status: 204 }
    }
    if (id !== undefined) return found ? { status: 200, body: { loadbalancer: found } } : notFound
    // Two per page, as Octavia pages with a limit.
    const at = Number(url.searchParams.get('marker') ?? '0')
    const next =
      at + 2 < lbs.length
        ? [
            {
              rel: 'next',
              href: `https://octavia.internal/v2/lbaas/loadbalancers?marker=${at + 2}`,
            },
          ]
        : []
    return {
      status: 200,
      body: { loadbalancers: lbs.slice(at, at + 2), loadbalancers_links: next },
    }
  })
  return new OctaviaClient({
    http: new HttpClient({ retries: 0 }),
    url: `${server.url}/v2`,
    token: 't',
  })
}

describe('Class: OctaviaClient', () => {
  it('lists every page by project and keeps those whose description matches', async () => {
    // Prepare
    const octavia = await startOctavia()

    // Act
    const mine = await octavia.listLoadBalancers(
      { project_id: 'p1' },
      new RegExp(`^Kubernetes .+ from cluster ${CLUSTER}$`)
    )
    const all = await octavia.listLoadBalancers({ project_id: 'p1' })

    // Assess
    expect(mine.map((l) => l.id)).toEqual(['a', 'c'])
    expect(all).toHaveLength(3)
    expect(server.received.slice(0, 2).map((r) => r.path)).toEqual([
      '/v2/lbaas/loadbalancers?project_id=p1',
      '/v2/lbaas/loadbalancers?project_id=p1&marker=2',
    ])
  })

  it('deletes with cascade; gone is false, PENDING_* is OpenStack.Conflict', async () => {
    const octavia = await startOctavia()
    expect(await octavia.deleteLoadBalancer('a')).toBe(true)
    expect(server.received.at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/v2/lbaas/loadbalancers/a?cascade=true',
    })
    expect(await octavia.deleteLoadBalancer('zz')).toBe(false)
    await expect(octavia.deleteLoadBalancer('c')).rejects.toMatchObject({
      name: 'OpenStack.Conflict',
      detail: 'Invalid state PENDING_UPDATE of loadbalancer resource c',
    })
  })

  it('reads the provisioning status, undefined once gone', async () => {
    const octavia = await startOctavia()
    expect(await octavia.provisioningStatus('c')).toBe('PENDING_UPDATE')
    expect(await octavia.provisioningStatus('zz')).toBeUndefined()
  })
})
