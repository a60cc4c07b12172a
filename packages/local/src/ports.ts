import { createServer } from 'node:net'

/**
 * A port someone else holds. The message names the setting to change, because that is the
 * only thing the person reading it can do about it.
 */
export class PortBusyError extends Error {
  constructor(
    readonly what: string,
    readonly port: number,
    readonly variable: string
  ) {
    super(`port ${port} (${what}) is already in use; set ${variable} to a free port`)
    this.name = 'PortBusyError'
  }
}

const tryListen = (port: number, host: string): Promise<number | NodeJS.ErrnoException> =>
  new Promise((done) => {
    const server = createServer()
    server.once('error', (e: NodeJS.ErrnoException) => done(e))
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : port
      server.close(() => done(bound))
    })
  })

/** A port the kernel considers free right now (another process may still take it later). */
export const freePort = async (host = '127.0.0.1'): Promise<number> => {
  const result = await tryListen(0, host)
  if (typeof result !== 'number') throw result
  return result
}

/** Binding rather than connecting also catches ports held by a socket that is not accepting. */
export const isPortFree = async (port: number, host = '127.0.0.1'): Promise<boolean> => {
  const result = await tryListen(port, host)
  if (typeof result === 'number') return true
  if (result.code === 'EADDRINUSE') return false
  throw result
}

/** Port 0 means "any": resolved here because other components must know the port in advance. */
export const resolvePort = (port: number, host = '127.0.0.1'): Promise<number> =>
  port === 0 ? freePort(host) : Promise.resolve(port)

export interface PortClaim {
  what: string
  port: number
  variable: string
}

/** Fails on the first claimed port that is taken, before anything has been started. */
export const assertPortsFree = async (claims: readonly PortClaim[], host = '127.0.0.1') => {
  for (const claim of claims) {
    if (!(await isPortFree(claim.port, host))) {
      throw new PortBusyError(claim.what, claim.port, claim.variable)
    }
  }
}
