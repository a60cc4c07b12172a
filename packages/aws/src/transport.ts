import type { Agent, IncomingMessage } from 'node:http'

/** What an attempt reads of an answer. */
export interface WireAnswer {
  status: number
  header(name: string): string | undefined
  text: string
}

interface Stack {
  request: typeof import('node:http').request
  agent: Agent
}

/**
 * POSTs over kept-alive connections, one pool per client. node:http rather than fetch: per call
 * it takes a quarter of fetch's CPU on Node 22 and, under load, ~100 MiB less RSS (undici's
 * buffers; docs/benchmarks.md). The modules load on the first call, not at a Lambda's init:
 * node:http alone takes ~17 ms to load.
 */
export class KeepAliveTransport {
  private stacks = new Map<string, Promise<Stack>>()

  private stackFor(protocol: string): Promise<Stack> {
    let stack = this.stacks.get(protocol)
    if (!stack) {
      stack = (protocol === 'https:' ? import('node:https') : import('node:http')).then((m) => ({
        request: m.request,
        agent: new m.Agent({ keepAlive: true }),
      }))
      this.stacks.set(protocol, stack)
    }
    return stack
  }

  /** Rejects with the AbortSignal's TimeoutError once `timeoutMs` has passed, answer or not. */
  async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number
  ): Promise<WireAnswer> {
    const target = new URL(url)
    const { request, agent } = await this.stackFor(target.protocol)
    const signal = AbortSignal.timeout(timeoutMs)
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          signal,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('error', reject)
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              header: (name) => {
                const v = res.headers[name.toLowerCase()]
                return Array.isArray(v) ? v.join(', ') : v
              },
              text: Buffer.concat(chunks).toString('utf8'),
            })
          )
        }
      )
      // An abort surfaces as AbortError whose cause is the signal's reason (a TimeoutError).
      req.on('error', (e) => reject(signal.aborted ? (signal.reason as Error) : e))
      req.end(body)
    })
  }
}
