import { afterEach, describe, expect, it } from 'vitest'
import { HttpClient } from './http'
import { NovaClient } from './nova'
import { type Received, type ScriptedServer, startScriptedServer } from './test-support'

const flavor = (id: string, name: string) => ({ id, name, vcpus: 1, ram: 512, disk: 1, links: [] })
const flavors = [flavor('1', 'm1.tiny'), flavor('2', 'm1.small'), flavor('m1.medium', 'odd-id')]

let server: ScriptedServer
afterEach(() => server.close())

/** A Nova whose flavor listing pages one flavor at a time with absolute next links. */
const startNova = async () => {
  server = await startScriptedServer((r: Received) => {
    const url = new URL(r.path, 'http://x')
    const notFound = (what: string) => ({
      status: 404,
      body: { itemNotFound: { code: 404, message: `${what} could not be found.` } },
    })
    if (url.pathname === '/v2.1/flavors/detail') {
      const marker = url.searchParams.get('marker')
      const start = marker === null ? 0 : flavors.findIndex((f) => f.id === marker) + 1
      const page = flavors.slice(start, start + 1)
      const links =
        start + 1 < flavors.length
          ? [
              {
                rel: 'next',
                href: `http://wrong-host:8774/v2.1/flavors/detail?marker=${page[0]?.id}`,
              },
            ]
          : undefined
      return { status: 200, body: { flavors: page, ...(links ? { flavors_links: links } : {}) } }
    }
    const byId = url.pathname.match(/^\/v2\.1\/flavors\/(.+)$/)
    if (byId !== null) {
      const f = flavors.find((x) => x.id === decodeURIComponent(byId[1] ?? ''))
      return f === undefined ? notFound(`Flavor ${byId[1]}`) : { status: 200, body: { flavor: f } }
    }
    if (url.pathname === '/v2.1/os-keypairs/demo-key') {
      return {
        status: 200,
        body: {
          keypair: {
            name: 'demo-key',
            fingerprint: 'aa:bb',
            public_key: 'ssh-ed25519 AAAA',
            user_id: 'u1',
          },
        },
      }
    }
    if (url.pathname.startsWith('/v2.1/os-keypairs/')) return notFound('Keypair')
    return { status: 500, body: 'unexpected' }
  })
  return new NovaClient({
    http: new HttpClient({ retries: 0 }),
    url: `${server.url}/v2.1`,
    token: 't',
  })
}

describe('Class: NovaClient', () => {
  it('finds a flavor by id with one request', async () => {
    // Prepare
    const nova = await startNova()

    // Act
    const f = await nova.findFlavor('2')

    // Assess
    expect(f?.name).toBe('m1.small')
    expect(server.received).toHaveLength(1)
  })

  it('falls back to the paged listing for a name, ignoring the host in next links', async () => {
    // Prepare
    const nova = await startNova()

    // Act
    const f = await nova.findFlavor('odd-id')

    // Assess
    expect(f?.id).toBe('m1.medium')
    expect(server.received.map((r) => r.path)).toEqual([
      '/v2.1/flavors/odd-id',
      '/v2.1/flavors/detail',
      '/v2.1/flavors/detail?marker=1',
      '/v2.1/flavors/detail?marker=2',
    ])
  })

  it('prefers an id over a name, as flavor ids are free-form', async () => {
    const nova = await startNova()
    await expect(nova.findFlavor('m1.medium')).resolves.toMatchObject({ name: 'odd-id' })
  })

  it('returns undefined for an unknown flavor and for refs no path can hold', async () => {
    // Prepare
    const nova = await startNova()

    // Act & Assess
    await expect(nova.findFlavor('m9.huge')).resolves.toBeUndefined()
    await expect(nova.getFlavor('..')).resolves.toBeUndefined()
    await expect(nova.getKeypair('..')).resolves.toBeUndefined()
  })

  it('gets a keypair by name, undefined when missing', async () => {
    // Prepare
    const nova = await startNova()

    // Act & Assess
    await expect(nova.getKeypair('demo-key')).resolves.toMatchObject({
      name: 'demo-key',
      fingerprint: 'aa:bb',
    })
    await expect(nova.getKeypair('alt key')).resolves.toBeUndefined()
    expect(server.received.at(-1)?.path).toBe('/v2.1/os-keypairs/alt%20key')
  })
})
