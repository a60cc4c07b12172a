import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ClusterAggregate } from '@berth/core/clusters'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKubernetesProbe } from './kubernetes-probe'

// A small fake Kubernetes API: /healthz and /api/v1/nodes, answers set per test.
let server: Server
let url: string
const answers = {
  healthz: { status: 200, body: 'ok' },
  nodes: [] as { name: string; ready: string }[],
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(answers.healthz.status).end(answers.healthz.body)
    } else if (req.url === '/api/v1/nodes') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          items: answers.nodes.map((n) => ({
            metadata: { name: n.name },
            status: {
              conditions: [
                { type: 'MemoryPressure', status: 'False' },
                { type: 'Ready', status: n.ready },
              ],
            },
          })),
        })
      )
    } else res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const cluster = (api: string | null) =>
  ({ cluster: { name: 'k1', api_address: api }, nodegroups: [] }) as unknown as ClusterAggregate

describe('Function: createKubernetesProbe', () => {
  const probe = createKubernetesProbe({ timeoutMs: 1000 })

  it('is HEALTHY when the API is ok and every node is Ready', async () => {
    answers.healthz = { status: 200, body: 'ok' }
    answers.nodes = [
      { name: 'k1-master-0', ready: 'True' },
      { name: 'k1-node-0', ready: 'True' },
    ]
    expect(await probe.probe(cluster(url), 'kubernetes')).toEqual({
      status: 'HEALTHY',
      reason: { api: 'ok', 'k1-master-0.Ready': 'True', 'k1-node-0.Ready': 'True' },
    })
  })

  it('is UNHEALTHY when a node is not Ready or the API is not ok', async () => {
    answers.nodes = [{ name: 'k1-node-0', ready: 'False' }]
    expect((await probe.probe(cluster(url), 'kubernetes'))?.status).toBe('UNHEALTHY')
    answers.healthz = { status: 500, body: '[-]etcd failed' }
    answers.nodes = [{ name: 'k1-node-0', ready: 'True' }]
    const r = await probe.probe(cluster(url), 'kubernetes')
    expect(r?.status).toBe('UNHEALTHY')
    expect(r?.reason.api).toBe('[-]etcd failed')
  })

  it('is UNKNOWN when the API cannot be reached, or it has no credentials for TLS', async () => {
    expect((await probe.probe(cluster('http://127.0.0.1:1'), 'kubernetes'))?.status).toBe('UNKNOWN')
    expect(
      (await probe.probe(cluster('https://127.0.0.1:6443'), 'kubernetes'))?.reason.api
    ).toContain('no credentials')
  })

  it('does not ask other COEs or clusters without an API address', async () => {
    expect(await probe.probe(cluster(url), 'swarm-mode')).toBeUndefined()
    expect(await probe.probe(cluster(null), 'kubernetes')).toBeUndefined()
  })
})
