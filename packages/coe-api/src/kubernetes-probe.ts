import type { ClusterAggregate } from '@berth/core/clusters'
import { HealthStatus } from '@berth/core/clusters'
import { type CoeHealthProbe, type HealthReport, kubernetesHealth } from '@berth/core/lifecycle'
import * as z from 'zod/mini'

/** How to reach one cluster's API server: its CA and a client certificate. */
export interface ClusterTls {
  ca: string
  cert: string
  key: string
}

export interface KubernetesProbeOptions {
  /** TLS material for a cluster; undefined ⇒ only plain-HTTP (tls_disabled) clusters are asked. */
  tlsFor?: (a: ClusterAggregate) => Promise<ClusterTls | undefined>
  timeoutMs?: number
}

interface Answer {
  status: number
  body: string
}

/**
 * node:http alone takes ~17 ms to load on Node 22, which every cold start of the health job
 * would pay before its handler runs; loaded here, only the first probe does.
 */
const requestFor = async (url: URL) =>
  url.protocol === 'https:'
    ? (await import('node:https')).request
    : (await import('node:http')).request

const get = async (url: URL, tls: ClusterTls | undefined, timeoutMs: number): Promise<Answer> => {
  const send = await requestFor(url)
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        timeout: timeoutMs,
        headers: { Accept: 'application/json' },
        ...(tls ?? {}),
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          body = (body + d).slice(0, 1_000_000)
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end()
  })
}

const NodeList = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }),
      status: z.optional(
        z.object({
          conditions: z.optional(z.array(z.object({ type: z.string(), status: z.string() }))),
        })
      ),
    })
  ),
})

/**
 * Asks a Kubernetes API server for `/healthz` and each node's Ready condition, like Magnum's
 * K8sMonitor. An API that cannot be reached is UNKNOWN, not UNHEALTHY: Berth cannot tell.
 */
export const createKubernetesProbe = (options: KubernetesProbeOptions = {}): CoeHealthProbe => ({
  async probe(a, coe): Promise<HealthReport | undefined> {
    if (coe !== 'kubernetes' || !a.cluster.api_address) return undefined
    const base = new URL(a.cluster.api_address)
    const tls = base.protocol === 'https:' ? await options.tlsFor?.(a) : undefined
    const unknown = (why: string): HealthReport => ({
      status: HealthStatus.Unknown,
      reason: { api: `The cluster ${a.cluster.name} is not accessible: ${why}` },
    })
    if (base.protocol === 'https:' && !tls) return unknown('no credentials for its API')
    const timeout = options.timeoutMs ?? 5000
    try {
      const healthz = await get(new URL('/healthz', base), tls, timeout)
      const nodesAnswer = await get(new URL('/api/v1/nodes', base), tls, timeout)
      const nodes =
        nodesAnswer.status === 200
          ? NodeList.parse(JSON.parse(nodesAnswer.body)).items.map((n) => ({
              name: n.metadata.name,
              ready: n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
            }))
          : []
      return kubernetesHealth({ ok: healthz.status === 200, body: healthz.body }, nodes)
    } catch (e) {
      return unknown((e as Error).message)
    }
  },
})
