import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

type ImageJson = Record<string, unknown> & {
  id: string
  name: string
  visibility: string
  owner: string
}
interface ImageList {
  images: ImageJson[]
  first: string
  next?: string
  schema: string
}

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T
const ACCEPT_JSON = { Accept: 'application/json' }

describe('Glance discovery', () => {
  it('lists v2 versions at the service root with 300', async () => {
    const t = testCloud()
    for (const path of ['/image', '/image/']) {
      const res = await t.request(path)
      expect(res.status).toBe(300)
      const body = await json<{
        versions: { id: string; status: string; links: { href: string }[] }[]
      }>(res)
      expect(body.versions[0]).toMatchObject({ id: 'v2.15', status: 'CURRENT' })
      expect(body.versions[0]?.links[0]?.href).toBe('http://127.0.0.1:5000/image/v2/')
    }
  })
})

describe('GET /v2/images', () => {
  it('shows the public seed images with their properties flattened', async () => {
    const t = testCloud()
    const list = await json<ImageList>(
      await t.request('/image/v2/images', { token: await t.tokenFor('demo') })
    )
    expect(list.images.map((i) => i.name).sort()).toEqual(['fedora-coreos', 'ubuntu-jammy'])
    expect(list.schema).toBe('/v2/schemas/images')
    expect(list.first).toBe('/v2/images')
    const fcos = list.images.find((i) => i.name === 'fedora-coreos')
    expect(fcos).toMatchObject({
      id: seedIds.image('fedora-coreos'),
      os_distro: 'fedora-coreos',
      visibility: 'public',
      status: 'active',
      disk_format: 'qcow2',
      container_format: 'bare',
      owner: seedIds.project('admin'),
      protected: false,
      os_hidden: false,
      self: `/v2/images/${seedIds.image('fedora-coreos')}`,
      schema: '/v2/schemas/image',
    })
    expect(fcos?.properties).toBeUndefined()
    expect(list.images.find((i) => i.name === 'ubuntu-jammy')?.os_distro).toBe('ubuntu')
  })

  it('filters by name, status, owner, visibility and by properties', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const names = async (query: string) =>
      (
        await json<ImageList>(await t.request(`/image/v2/images?${query}`, { token: demo }))
      ).images.map((i) => i.name)
    expect(await names('name=ubuntu-jammy')).toEqual(['ubuntu-jammy'])
    expect(await names('name=in:ubuntu-jammy,fedora-coreos')).toHaveLength(2)
    expect(await names('status=queued')).toEqual([])
    expect(await names(`owner=${seedIds.project('admin')}`)).toHaveLength(2)
    expect(await names('visibility=private')).toEqual([])
    expect(await names('os_distro=fedora-coreos')).toEqual(['fedora-coreos'])
  })

  it('pages with limit and marker, linking the next page', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const first = await json<ImageList>(
      await t.request('/image/v2/images?limit=1&sort_key=name&sort_dir=asc', { token: demo })
    )
    expect(first.images.map((i) => i.name)).toEqual(['fedora-coreos'])
    expect(first.next).toBe(
      `/v2/images?limit=1&sort_key=name&sort_dir=asc&marker=${seedIds.image('fedora-coreos')}`
    )
    const second = await json<ImageList>(await t.request(`/image${first.next}`, { token: demo }))
    expect(second.images.map((i) => i.name)).toEqual(['ubuntu-jammy'])
    expect(second.next).toBeUndefined()
    expect((await t.request('/image/v2/images?marker=nope', { token: demo })).status).toBe(400)
  })

  it('needs a token: 401 as a WebOb page, or JSON when asked for', async () => {
    const t = testCloud()
    const html = await t.request('/image/v2/images')
    expect(html.status).toBe(401)
    expect(html.headers.get('Content-Type')).toContain('text/html')
    expect(await html.text()).toContain('<h1>401 Unauthorized</h1>')
    const jsonRes = await t.request('/image/v2/images', { token: 'bad', headers: ACCEPT_JSON })
    expect(jsonRes.status).toBe(401)
    expect(await jsonRes.json()).toMatchObject({ code: '401 Unauthorized', title: 'Unauthorized' })
  })
})

describe('image visibility and lifecycle', () => {
  const createAs = async (
    t: ReturnType<typeof testCloud>,
    token: string,
    body: Record<string, unknown>
  ) => t.request('/image/v2/images', { method: 'POST', token, json: body, headers: ACCEPT_JSON })

  it('creates a queued image with extra properties, visible only to its project and admin', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const res = await createAs(t, demo, {
      name: 'my-image',
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'private',
      os_distro: 'fedora-coreos',
      magnum_driver: 'k8s_fcos',
    })
    expect(res.status).toBe(201)
    const image = await json<ImageJson>(res)
    expect(res.headers.get('Location')).toBe(`http://127.0.0.1:5000/image/v2/images/${image.id}`)
    expect(image).toMatchObject({
      status: 'queued',
      size: null,
      checksum: null,
      owner: seedIds.project('demo'),
      magnum_driver: 'k8s_fcos',
    })
    expect((await t.request(`/image/v2/images/${image.id}`, { token: demo })).status).toBe(200)
    const alt = await t.tokenFor('alt')
    const hidden = await t.request(`/image/v2/images/${image.id}`, {
      token: alt,
      headers: ACCEPT_JSON,
    })
    expect(hidden.status).toBe(404)
    expect(await hidden.json()).toEqual({
      message: `No image found with ID ${image.id}<br /><br />\n\n\n`,
      code: '404 Not Found',
      title: 'Not Found',
    })
    const altList = await json<ImageList>(await t.request('/image/v2/images', { token: alt }))
    expect(altList.images.map((i) => i.id)).not.toContain(image.id)
    const admin = await t.tokenFor('admin')
    const adminPrivate = await json<ImageList>(
      await t.request('/image/v2/images?visibility=private', { token: admin })
    )
    expect(adminPrivate.images.map((i) => i.id)).toEqual([image.id])
  })

  it('defaults to shared visibility and refuses public images, read-only and non-string fields', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    expect((await json<ImageJson>(await createAs(t, demo, { name: 'a' }))).visibility).toBe(
      'shared'
    )
    const pub = await createAs(t, demo, { name: 'b', visibility: 'public' })
    expect(pub.status).toBe(403)
    expect(((await pub.json()) as { message: string }).message).toContain('publicize_image')
    expect((await createAs(t, demo, { name: 'c', status: 'active' })).status).toBe(403)
    expect((await createAs(t, demo, { name: 'd', foo: 1 })).status).toBe(400)
    expect((await createAs(t, demo, { name: 'e', visibility: 'bogus' })).status).toBe(400)
    expect(
      (await createAs(t, await t.tokenFor('admin'), { name: 'f', visibility: 'public' })).status
    ).toBe(201)
  })

  it('deletes for the owner only, and never a protected image', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const image = await json<ImageJson>(
      await createAs(t, demo, { name: 'x', visibility: 'community' })
    )
    const alt = await t.tokenFor('alt')
    expect(
      (await t.request(`/image/v2/images/${image.id}`, { method: 'DELETE', token: alt })).status
    ).toBe(403)
    expect(
      (await t.request(`/image/v2/images/${image.id}`, { method: 'DELETE', token: demo })).status
    ).toBe(204)
    expect((await t.request(`/image/v2/images/${image.id}`, { token: demo })).status).toBe(404)
    const locked = await json<ImageJson>(
      await createAs(t, demo, { name: 'locked', protected: true })
    )
    expect(
      (await t.request(`/image/v2/images/${locked.id}`, { method: 'DELETE', token: demo })).status
    ).toBe(403)
    const seeded = `/image/v2/images/${seedIds.image('ubuntu-jammy')}`
    expect((await t.request(seeded, { method: 'DELETE', token: demo })).status).toBe(403)
  })
})
