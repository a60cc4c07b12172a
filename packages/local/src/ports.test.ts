import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { assertPortsFree, freePort, isPortFree, PortBusyError, resolvePort } from './ports'

const open: Server[] = []
const hold = (port: number): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer()
    open.push(server)
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      done(typeof address === 'object' && address ? address.port : port)
    })
  })
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})

describe('ports', () => {
  it('tells a held port from a free one', async () => {
    const held = await hold(0)
    expect(await isPortFree(held)).toBe(false)
    const free = await freePort()
    expect(free).toBeGreaterThan(0)
    expect(await isPortFree(free)).toBe(true)
  })

  it('resolves 0 to a concrete free port and keeps any other port', async () => {
    const resolved = await resolvePort(0)
    expect(resolved).toBeGreaterThan(0)
    expect(await resolvePort(4242)).toBe(4242)
  })

  it('names the busy port and the variable that moves it', async () => {
    const free = await freePort()
    const held = await hold(0)
    const claims = [
      { what: 'Berth API', port: free, variable: 'BERTH_PORT' },
      { what: 'development cloud', port: held, variable: 'BERTH_CLOUD_PORT' },
    ]
    const error = await assertPortsFree(claims).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PortBusyError)
    expect((error as Error).message).toBe(
      `port ${held} (development cloud) is already in use; set BERTH_CLOUD_PORT to a free port`
    )
    await expect(assertPortsFree(claims.slice(0, 1))).resolves.toBeUndefined()
  })
})
