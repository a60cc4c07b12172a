import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a scripted server received. Test-only. */
export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

/** How the scripted server answers one request; 'hang-up' destroys the socket unanswered. */
export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | 'hang-up'

export interface ScriptedServer {
  url: string
  received: Received[]
  close(): Promise<void>
}

/**
 * A loopback HTTP server answering each request with `reply(request)`: the smallest stand-in for
 * an OpenStack service in unit tests. Strings are sent as text, anything else as JSON.
 */
export const startScriptedServer = async (
  reply: (req: Received) => Reply | Promise<Reply>
): Promise<ScriptedServer> => {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text === '' ? undefined : JSON.parse(text),
      }
      received.push(r)
      const answer = await reply(r)
      if (answer === 'hang-up') {
        req.socket.destroy()
        return
      }
      if (answer.delayMs !== undefined) await new Promise((ok) => setTimeout(ok, answer.delayMs))
      if (res.destroyed) return
      const isText = typeof answer.body === 'string'
      const payload =
        answer.body === undefined ? '' : isText ? String(answer.body) : JSON.stringify(answer.body)
      res.writeHead(answer.status, {
        'Content-Type': isText ? 'text/plain' : 'application/json',
        ...answer.headers,
      })
      res.end(payload)
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => ok())
      }),
  }
}
