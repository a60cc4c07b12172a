import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'

export interface LoadOptions {
  url: URL
  headers: Record<string, string>
  connections: number
  seconds: number
  /** Stops earlier once this many requests were made, so a run is bounded in count as well. */
  maxRequests: number
}

export interface LoadResult {
  connections: number
  seconds: number
  requests: number
  errors: number
  requestsPerSecond: number
  p50: number
  p90: number
  p99: number
}

/** Nearest-rank percentile of ascending values, in the values' unit. */
export const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1] ?? Number.NaN
}

const once = (agent: Agent, options: LoadOptions): Promise<number> =>
  new Promise((done, fail) => {
    const req = request(options.url, { agent, headers: options.headers }, (res) => {
      res.resume()
      res.once('end', () => done(res.statusCode ?? 0))
      res.once('error', fail)
    })
    req.once('error', fail)
    req.end()
  })

/**
 * N keep-alive connections, each sending its next request as soon as the previous answer is
 * read (closed loop), for a fixed time. Any status but 200 counts as an error.
 */
export const runLoad = async (options: LoadOptions): Promise<LoadResult> => {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const latencies = new Float64Array(options.maxRequests)
  let requests = 0
  let errors = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  const worker = async () => {
    while (performance.now() < deadline && requests < options.maxRequests) {
      const slot = requests++
      const t0 = performance.now()
      const status = await once(agent, options).catch(() => 0)
      latencies[slot] = performance.now() - t0
      if (status !== 200) errors++
    }
  }
  await Promise.all(Array.from({ length: options.connections }, worker))
  const elapsed = (performance.now() - started) / 1000
  agent.destroy()
  const sorted = latencies.slice(0, requests).sort()
  return {
    connections: options.connections,
    seconds: elapsed,
    requests,
    errors,
    requestsPerSecond: requests / elapsed,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
  }
}

/** Resident and peak memory of a process, in MiB (Linux /proc). */
export const memoryOf = (pid: number): { rss: number; peak: number } => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}
