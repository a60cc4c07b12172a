import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'
import { attachVolume, detachVolume } from './attachments'

type Json = Record<string, unknown>

const setup = async (volumeBuildMs = 0) => {
  const t = testCloud({ timing: { volumeBuildMs, serverBuildMs: 0 } })
  const as = async (user: 'demo' | 'alt' | 'admin') => {
    const token = await t.tokenFor(user)
    const base = `/volume/v3/${seedIds.project(user)}`
    return async (method: string, path: string, json?: unknown) => {
      const res = await t.request(`${base}${path}`, { method, token, json })
      const text = await res.text()
      return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Json }
    }
  }
  return { t, demo: await as('demo'), alt: await as('alt') }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('Cinder volumes', () => {
  it('go creating → available, are listed and shown, then deleting → gone', async () => {
    const { demo } = await setup(40)
    const created = await demo('POST', '/volumes', {
      volume: { size: 5, name: 'data', metadata: { role: 'docker' } },
    })
    expect(created.status).toBe(202)
    const volume = created.body.volume as Json
    expect(volume).toMatchObject({
      name: 'data',
      size: 5,
      status: 'creating',
      volume_type: '__DEFAULT__',
      availability_zone: 'nova',
      attachments: [],
      bootable: 'false',
      multiattach: false,
      metadata: { role: 'docker' },
      'os-vol-tenant-attr:tenant_id': seedIds.project('demo'),
    })
    expect(volume.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/)
    // Still creating: Cinder refuses to delete it.
    expect((await demo('DELETE', `/volumes/${volume.id}`)).status).toBe(400)
    await wait(60)
    const shown = await demo('GET', `/volumes/${volume.id}`)
    expect(shown.status).toBe(200)
    expect((shown.body.volume as Json).status).toBe('available')
    const list = await demo('GET', '/volumes')
    expect(list.body.volumes).toEqual([{ id: volume.id, name: 'data', links: expect.any(Array) }])
    const detail = await demo('GET', '/volumes/detail?status=available')
    expect((detail.body.volumes as Json[]).map((v) => v.id)).toEqual([volume.id])
    expect((await demo('GET', '/volumes/detail?status=in-use')).body.volumes).toEqual([])
    expect((await demo('DELETE', `/volumes/${volume.id}`)).status).toBe(202)
    expect(((await demo('GET', `/volumes/${volume.id}`)).body.volume as Json).status).toBe(
      'deleting'
    )
    await wait(60)
    expect(await demo('GET', `/volumes/${volume.id}`)).toEqual({
      status: 404,
      body: { itemNotFound: { code: 404, message: `Volume ${volume.id} could not be found.` } },
    })
    expect((await demo('GET', '/volumes/detail')).body.volumes).toEqual([])
  })

  it('are invisible to other projects, and a URL naming another project is refused', async () => {
    const { t, demo, alt } = await setup()
    const volume = (await demo('POST', '/volumes', { volume: { size: 1 } })).body.volume as Json
    expect((await alt('GET', `/volumes/${volume.id}`)).status).toBe(404)
    expect((await alt('DELETE', `/volumes/${volume.id}`)).status).toBe(404)
    expect((await alt('GET', '/volumes/detail')).body.volumes).toEqual([])
    const token = await t.tokenFor('alt')
    const cross = await t.request(`/volume/v3/${seedIds.project('demo')}/volumes`, { token })
    expect(cross.status).toBe(400)
    expect(await cross.json()).toEqual({
      badRequest: { code: 400, message: 'Malformed request url' },
    })
  })

  it('checks the request body', async () => {
    const { demo } = await setup()
    expect((await demo('POST', '/volumes', { volume: { size: 0 } })).status).toBe(400)
    expect((await demo('POST', '/volumes', { volume: { name: 'no size' } })).status).toBe(400)
    expect((await demo('POST', '/volumes', { volume: { size: 'x' } })).status).toBe(400)
  })

  it('are in-use while attached, cannot be deleted then, and are released with the server', async () => {
    const { t, demo } = await setup()
    const actor = { projectId: seedIds.project('demo'), userId: '', admin: false }
    const net = await t.request('/network/v2.0/networks', {
      method: 'POST',
      token: await t.tokenFor('demo'),
      json: { network: { name: 'private' } },
    })
    const networkId = ((await net.json()) as { network: { id: string } }).network.id
    const nova = async (method: string, path: string, json?: unknown) => {
      const res = await t.request(`/compute/v2.1${path}`, {
        method,
        token: await t.tokenFor('demo'),
        json,
      })
      const text = await res.text()
      return (text === '' ? {} : JSON.parse(text)) as Json
    }
    await t.request('/network/v2.0/subnets', {
      method: 'POST',
      token: await t.tokenFor('demo'),
      json: { subnet: { network_id: networkId, cidr: '10.0.0.0/24', ip_version: 4 } },
    })
    const server = (
      await nova('POST', '/servers', {
        server: { name: 'vm', imageRef: seedIds.image('fedora-coreos'), flavorRef: '1' },
      })
    ).server as Json
    const volume = (await demo('POST', '/volumes', { volume: { size: 2 } })).body.volume as Json
    await demo('GET', '/volumes') // settles: available
    const attachment = attachVolume(t.cloud, actor, {
      serverId: String(server.id),
      volumeId: String(volume.id),
    })
    const shown = (await demo('GET', `/volumes/${volume.id}`)).body.volume as Json
    expect(shown).toMatchObject({
      status: 'in-use',
      attachments: [
        {
          server_id: server.id,
          attachment_id: attachment.id,
          volume_id: volume.id,
          device: '/dev/vdb',
        },
      ],
    })
    expect(await demo('DELETE', `/volumes/${volume.id}`)).toEqual({
      status: 400,
      body: { badRequest: { code: 400, message: expect.stringMatching(/^Invalid volume: /) } },
    })
    const seen = (await nova('GET', `/servers/${server.id}`)).server as Json
    expect(seen['os-extended-volumes:volumes_attached']).toEqual([{ id: volume.id }])
    detachVolume(t.cloud, actor, { serverId: String(server.id), volumeId: String(volume.id) })
    expect(((await demo('GET', `/volumes/${volume.id}`)).body.volume as Json).status).toBe(
      'available'
    )
    attachVolume(t.cloud, actor, { serverId: String(server.id), volumeId: String(volume.id) })
    await nova('DELETE', `/servers/${server.id}`)
    expect((await demo('GET', `/volumes/${volume.id}`)).body.volume).toMatchObject({
      status: 'available',
      attachments: [],
    })
  })

  it('is in the catalog as volumev3 with the project in its URL', async () => {
    const { t } = await setup()
    const token = await t.tokenFor('demo')
    const res = await t.request('/v3/auth/catalog', { token })
    const { catalog } = (await res.json()) as {
      catalog: { type: string; endpoints: { url: string }[] }[]
    }
    const cinder = catalog.find((s) => s.type === 'volumev3')
    expect(cinder?.endpoints[0]?.url).toBe(
      `http://127.0.0.1:5000/volume/v3/${seedIds.project('demo')}`
    )
  })
})
