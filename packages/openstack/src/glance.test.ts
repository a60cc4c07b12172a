import { ConflictError } from '@berth/core/errors'
import { afterEach, describe, expect, it } from 'vitest'
import { OpenStackError } from './errors'
import { GlanceClient } from './glance'
import { HttpClient } from './http'
import { type Received, type ScriptedServer, startScriptedServer } from './test-support'

const ID = '3594e753-d783-428f-a2ac-dfca18869a02'
const image = (id: string, name: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  status: 'active',
  visibility: 'public',
  ...extra,
})

let server: ScriptedServer
afterEach(() => server.close())

/** A Glance that pages its listings two images at a time, as real Glance pages with `limit`. */
const startGlance = async (images: ReturnType<typeof image>[]) => {
  server = await startScriptedServer((r: Received) => {
    const url = new URL(r.path, 'http://x')
    const byId = url.pathname.match(/^\/v2\/images\/(.+)$/)
    if (byId !== null) {
      const found = images.find((i) => i.id === byId[1])
      return found === undefined
        ? { status: 404, body: `404 Not Found\n\nNo image found with ID ${byId[1]}\n\n` }
        : { status: 200, body: found }
    }
    if (url.pathname === '/v2/images') {
      const name = url.searchParams.get('name')
      // Like MySQL's default collation: case-insensitive.
      const matching = images.filter(
        (i) => name === null || i.name?.toLowerCase() === name.toLowerCase()
      )
      const marker = url.searchParams.get('marker')
      const start = marker === null ? 0 : matching.findIndex((i) => i.id === marker) + 1
      const page = matching.slice(start, start + 2)
      const last = page.at(-1)
      const more = start + 2 < matching.length && last !== undefined
      const next = new URLSearchParams(url.searchParams)
      if (last !== undefined) next.set('marker', last.id)
      return {
        status: 200,
        body: {
          images: page,
          first: '/v2/images',
          ...(more ? { next: `/v2/images?${next}` } : {}),
        },
      }
    }
    return { status: 500, body: 'unexpected' }
  })
  return new GlanceClient({
    http: new HttpClient({ retries: 0 }),
    url: `${server.url}/v2`,
    token: 't',
  })
}

describe('Class: GlanceClient', () => {
  it('finds an image by id', async () => {
    // Prepare
    const glance = await startGlance([image(ID, 'fedora-coreos', { os_distro: 'fedora-coreos' })])

    // Act
    const found = await glance.findImage(ID)

    // Assess
    expect(found?.os_distro).toBe('fedora-coreos')
    expect(server.received.map((r) => r.path)).toEqual([`/v2/images/${ID}`])
  })

  it('finds an image by name on a later page', async () => {
    // Prepare: five images with the same name but different case; the exact one is last
    const others = [1, 2, 3, 4].map((n) =>
      image(`0000000${n}-0000-0000-0000-000000000000`, 'UBUNTU')
    )
    const glance = await startGlance([...others, image(ID, 'ubuntu')])

    // Act
    const found = await glance.findImage('ubuntu')

    // Assess
    expect(found?.id).toBe(ID)
    expect(server.received).toHaveLength(3)
    expect(server.received.every((r) => r.path.includes('name=ubuntu'))).toBe(true)
  })

  it('falls back to the name when an id-like ref is not an id', async () => {
    // Prepare
    const glance = await startGlance([image(ID, '11111111-2222-3333-4444-555555555555')])

    // Act & Assess
    await expect(glance.findImage('11111111-2222-3333-4444-555555555555')).resolves.toMatchObject({
      id: ID,
    })
  })

  it('returns undefined when nothing matches', async () => {
    const glance = await startGlance([image(ID, 'fedora')])
    await expect(glance.findImage('nope')).resolves.toBeUndefined()
    await expect(glance.findImage('00000000-0000-0000-0000-000000000000')).resolves.toBeUndefined()
  })

  it("refuses an ambiguous name with Magnum's conflict", async () => {
    // Prepare
    const glance = await startGlance([
      image('00000001-0000-0000-0000-000000000000', 'dup'),
      image('00000002-0000-0000-0000-000000000000', 'dup'),
    ])

    // Act & Assess
    await expect(glance.findImage('dup')).rejects.toThrow(
      new ConflictError(
        'Multiple images exist with same name dup. Please use the resource id instead.'
      )
    )
  })

  it('stops following a next link that repeats itself', async () => {
    // Prepare: a broken server that always says there is more
    server = await startScriptedServer(() => ({
      status: 200,
      body: { images: [image(ID, 'loop')], next: '/v2/images?marker=same' },
    }))
    const glance = new GlanceClient({
      http: new HttpClient({ retries: 0 }),
      url: `${server.url}/v2`,
      token: 't',
    })

    // Act
    const all = await glance.listImages({ name: 'loop' })

    // Assess
    expect(server.received.length).toBeLessThanOrEqual(3)
    expect(all.length).toBe(server.received.length)
  })

  it('lets service failures through as OpenStackError', async () => {
    // Prepare
    server = await startScriptedServer(() => ({
      status: 403,
      body: '403 Forbidden\n\nAccess was denied.',
    }))
    const glance = new GlanceClient({
      http: new HttpClient({ retries: 0 }),
      url: `${server.url}/v2`,
      token: 't',
    })

    // Act
    const e = await glance.findImage('x').catch((err: unknown) => err)

    // Assess
    expect(e).toBeInstanceOf(OpenStackError)
    expect((e as OpenStackError).detail).toBe('Access was denied.')
  })
})
