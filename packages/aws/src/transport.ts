import type { Agent, IncomingMessage } from 'node:http'

/** What an attempt reads of an answer. */
export interface WireAnswer {
  status: number
  header(name: string): string | undefined
  text: string
  /** The CRC32 of the body's bytes, computed when asked. */
  crc32(): number
}

interface Stack {
  request: typeof import('node:http').request
  agent: Agent
  crc32: (data: Uint8Array) => number
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
      stack = Promise.all([
        protocol === 'https:' ? import('node:https') : import('node:http'),
        import('node:zlib'),
      ]).then(([m, zlib]) => ({
        request: m.request,
        agent: new m.Agent({ keepAlive: true }),
        crc32: (data) => zlib.crc32(data),
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
    const { request, agent, crc32 } = await this.stackFor(target.protocol)
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
          res.on('end', () => {
            const bytes = Buffer.concat(chunks)
            resolve({
              status: res.statusCode ?? 0,
              header: (name) => {
                const v = res.headers[name.toLowerCase()]
                return Array.isArray(v) ? v.join(', ') : v
              },
              text: bytes.toString('utf8'),
              crc32: () => crc32(bytes),
            })
          })
        }
      )
      // An abort surfaces as AbortError whose cause is the signal's reason (a TimeoutError).
      req.on('error', (e) => reject(signal.aborted ? (signal.reason as Error) : e))
      req.end(body)
    })
  }
}
