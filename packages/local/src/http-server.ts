import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'

export interface ServedApp {
  port: number
  /** Base URL on the address actually bound, e.g. http://127.0.0.1:9511. */
  url: string
  close(): Promise<void>
}

type FetchHandler = (request: Request) => Response | Promise<Response>

/**
 * Serves a fetch handler (a Hono app's `fetch`) over real HTTP. Resolves once listening and
 * rejects with the listen error (EADDRINUSE…) instead of emitting it unhandled.
 */
export const serveFetch = (
  fetch: FetchHandler,
  options: { port: number; host: string }
): Promise<ServedApp> =>
  new Promise((resolve, reject) => {
    const server = createAdaptorServer({ fetch }) as Server
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      const { port } = server.address() as AddressInfo
      const host = options.host.includes(':') ? `[${options.host}]` : options.host
      resolve({
        port,
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            // Idle keep-alive sockets would otherwise hold close() open for seconds.
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
