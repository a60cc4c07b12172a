import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T
const mv = (v: string) => ({ 'OpenStack-API-Version': `compute ${v}` })
const IMPORTED_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDJbwV0vQdprREP8B9Zrb2QU1+wdCQN2dvKhyJYraJme someone@laptop'

describe('Nova discovery and microversions', () => {
  it('lists versions at /compute and describes v2.1 without a token', async () => {
    const t = testCloud()
    const versions = await json<{
      versions: { id: string; version: string; min_version: string }[]
    }>(await t.request('/compute'))
    expect(versions.versions.map((v) => v.id)).toEqual(['v2.0', 'v2.1'])
    expect(versions.versions[1]).toMatchObject({ version: '2.93', min_version: '2.1' })
    for (const path of ['/compute/v2.1', '/compute/v2.1/']) {
      const res = await t.request(path)
      expect(res.status).toBe(200)
      expect((await json<{ version: { id: string } }>(res)).version.id).toBe('v2.1')
    }
  })

  it('negotiates the microversion and rejects one out of range with 406', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const plain = await t.request('/compute/v2.1/flavors', { token: demo })
    expect(plain.headers.get('OpenStack-API-Version')).toBe('compute 2.1')
    const latest = await t.request('/compute/v2.1/flavors', { token: demo, headers: mv('latest') })
    expect(latest.headers.get('X-OpenStack-Nova-API-Version')).toBe('2.93')
    const tooNew = await t.request('/compute/v2.1/flavors', { token: demo, headers: mv('2.99') })
    expect(tooNew.status).toBe(406)
    expect(await tooNew.json()).toEqual({
      computeFault: {
        code: 406,
        message: 'Version 2.99 is not supported by the API. Minimum is 2.1 and maximum is 2.93.',
      },
    })
  })

  it('needs a valid, project-scoped token', async () => {
    const t = testCloud()
    const none = await t.request('/compute/v2.1/flavors')
    expect(none.status).toBe(401)
    expect(await none.json()).toEqual({
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    })
    const unscoped = await t.request('/compute/v2.1/flavors', {
      token: await t.tokenFor('demo', null),
    })
    expect(unscoped.status).toBe(403)
    expect(await unscoped.json()).toHaveProperty('forbidden.code', 403)
  })
})

describe('flavors', () => {
  it('lists the seeded flavors with Nova’s fields', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const detail = await json<{ flavors: Record<string, unknown>[] }>(
      await t.request('/compute/v2.1/flavors/detail', { token: demo })
    )
    expect(detail.flavors.map((f) => [f.name, f.ram, f.vcpus, f.disk])).toEqual([
      ['m1.tiny', 512, 1, 1],
      ['m1.small', 2048, 1, 20],
      ['m1.medium', 4096, 2, 40],
      ['m1.large', 8192, 4, 80],
    ])
    expect(detail.flavors[0]).toEqual({
      id: '1',
      name: 'm1.tiny',
      ram: 512,
      disk: 1,
      swap: '',
      'OS-FLV-EXT-DATA:ephemeral': 0,
      'OS-FLV-DISABLED:disabled': false,
      vcpus: 1,
      'os-flavor-access:is_public': true,
      rxtx_factor: 1,
      links: [
        { rel: 'self', href: 'http://127.0.0.1:5000/compute/v2.1/flavors/1' },
        { rel: 'bookmark', href: 'http://127.0.0.1:5000/compute/flavors/1' },
      ],
    })
    const summary = await json<{ flavors: Record<string, unknown>[] }>(
      await t.request('/compute/v2.1/flavors', { token: demo })
    )
    expect(Object.keys(summary.flavors[0] ?? {}).sort()).toEqual(['id', 'links', 'name'])
  })

  it('adds description and extra_specs from 2.55/2.61 and numeric swap from 2.75', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const at61 = await json<{ flavor: Record<string, unknown> }>(
      await t.request('/compute/v2.1/flavors/2', { token: demo, headers: mv('2.61') })
    )
    expect(at61.flavor).toMatchObject({
      name: 'm1.small',
      description: null,
      extra_specs: {},
      swap: '',
    })
    const at75 = await json<{ flavor: Record<string, unknown> }>(
      await t.request('/compute/v2.1/flavors/2', { token: demo, headers: mv('2.75') })
    )
    expect(at75.flavor.swap).toBe(0)
  })

  it('filters by minRam/minDisk and pages with flavors_links', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const big = await json<{ flavors: { name: string }[] }>(
      await t.request('/compute/v2.1/flavors?minRam=4096', { token: demo })
    )
    expect(big.flavors.map((f) => f.name)).toEqual(['m1.medium', 'm1.large'])
    const page = await json<{
      flavors: { id: string }[]
      flavors_links: { rel: string; href: string }[]
    }>(await t.request('/compute/v2.1/flavors?limit=2', { token: demo }))
    expect(page.flavors.map((f) => f.id)).toEqual(['1', '2'])
    expect(page.flavors_links[0]?.href).toBe(
      'http://127.0.0.1:5000/compute/v2.1/flavors?limit=2&marker=2'
    )
  })

  it('answers an unknown flavor with itemNotFound', async () => {
    const t = testCloud()
    const res = await t.request('/compute/v2.1/flavors/m1.tiny', {
      token: await t.tokenFor('demo'),
    })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      itemNotFound: { code: 404, message: 'Flavor m1.tiny could not be found.' },
    })
  })
})

describe('keypairs', () => {
  it('lists only the caller’s keypairs, with Nova’s fingerprint', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const list = await json<{ keypairs: { keypair: Record<string, unknown> }[] }>(
      await t.request('/compute/v2.1/os-keypairs', { token: demo, headers: mv('2.10') })
    )
    expect(list.keypairs).toHaveLength(1)
    // The value real Nova computed for this public key.
    expect(list.keypairs[0]?.keypair).toMatchObject({
      name: 'demo-key',
      fingerprint: 'e5:ec:a6:a2:cb:28:1d:57:68:d4:44:86:3d:6e:6b:43',
      type: 'ssh',
    })
    const alt = await json<{ keypairs: { keypair: { name: string; public_key: string } }[] }>(
      await t.request('/compute/v2.1/os-keypairs', { token: await t.tokenFor('alt') })
    )
    expect(alt.keypairs.map((k) => k.keypair.name)).toEqual(['alt-key'])
    expect(alt.keypairs[0]?.keypair.public_key).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E/)
  })

  it('hides other users’ keypairs; ?user_id is for admins', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const other = await t.request('/compute/v2.1/os-keypairs/alt-key', {
      token: demo,
      headers: mv('2.10'),
    })
    expect(other.status).toBe(404)
    expect(await other.json()).toEqual({
      itemNotFound: {
        code: 404,
        message: `Keypair alt-key not found for user ${seedIds.user('demo')}`,
      },
    })
    const forbidden = await t.request(`/compute/v2.1/os-keypairs?user_id=${seedIds.user('alt')}`, {
      token: demo,
      headers: mv('2.10'),
    })
    expect(forbidden.status).toBe(403)
    expect(await forbidden.json()).toEqual({
      forbidden: {
        code: 403,
        message: "Policy doesn't allow os_compute_api:os-keypairs:index to be performed.",
      },
    })
    const admin = await t.tokenFor('admin')
    const asAdmin = await json<{ keypairs: { keypair: { name: string } }[] }>(
      await t.request(`/compute/v2.1/os-keypairs?user_id=${seedIds.user('alt')}`, {
        token: admin,
        headers: mv('2.10'),
      })
    )
    expect(asAdmin.keypairs.map((k) => k.keypair.name)).toEqual(['alt-key'])
    const shown = await json<{ keypair: Record<string, unknown> }>(
      await t.request(`/compute/v2.1/os-keypairs/alt-key?user_id=${seedIds.user('alt')}`, {
        token: admin,
        headers: mv('2.10'),
      })
    )
    expect(shown.keypair).toMatchObject({
      name: 'alt-key',
      user_id: seedIds.user('alt'),
      deleted: false,
      id: 2,
    })
  })

  it('imports a public key (201 from 2.2, 200 before) and refuses bad keys and duplicates', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const post = (body: unknown, version = '2.10') =>
      t.request('/compute/v2.1/os-keypairs', {
        method: 'POST',
        token: demo,
        json: body,
        headers: mv(version),
      })
    const created = await post({ keypair: { name: 'laptop', public_key: IMPORTED_KEY } })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({
      keypair: {
        name: 'laptop',
        public_key: IMPORTED_KEY,
        fingerprint: 'e5:ec:a6:a2:cb:28:1d:57:68:d4:44:86:3d:6e:6b:43',
        type: 'ssh',
        user_id: seedIds.user('demo'),
      },
    })
    expect((await post({ keypair: { name: 'old', public_key: IMPORTED_KEY } }, '2.1')).status).toBe(
      200
    )
    const bad = await post({ keypair: { name: 'bad', public_key: 'ssh-rsa AAAAjunk' } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({
      badRequest: { code: 400, message: 'Keypair data is invalid: failed to generate fingerprint' },
    })
    const dup = await post({ keypair: { name: 'demo-key', public_key: IMPORTED_KEY } })
    expect(dup.status).toBe(409)
    expect(await dup.json()).toEqual({
      conflictingRequest: { code: 409, message: "Key pair 'demo-key' already exists." },
    })
    expect((await post({ keypair: { name: 'bad name!', public_key: IMPORTED_KEY } })).status).toBe(
      400
    )
  })

  it('generates a keypair before 2.92 and requires a public key from 2.92', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    const generated = await json<{
      keypair: { private_key: string; public_key: string; fingerprint: string }
    }>(
      await t.request('/compute/v2.1/os-keypairs', {
        method: 'POST',
        token: demo,
        json: { keypair: { name: 'gen' } },
        headers: mv('2.10'),
      })
    )
    expect(generated.keypair.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
    expect(generated.keypair.public_key).toMatch(/^ssh-rsa \S+ Generated-by-Nova$/)
    expect(generated.keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/)
    const at92 = await t.request('/compute/v2.1/os-keypairs', {
      method: 'POST',
      token: demo,
      json: { keypair: { name: 'gen2' } },
      headers: mv('2.92'),
    })
    expect(at92.status).toBe(400)
  })

  it('deletes a keypair (204 from 2.2, 202 before)', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    expect(
      (
        await t.request('/compute/v2.1/os-keypairs/demo-key', {
          method: 'DELETE',
          token: demo,
          headers: mv('2.2'),
        })
      ).status
    ).toBe(204)
    expect((await t.request('/compute/v2.1/os-keypairs/demo-key', { token: demo })).status).toBe(
      404
    )
    const alt = await t.tokenFor('alt')
    expect(
      (await t.request('/compute/v2.1/os-keypairs/alt-key', { method: 'DELETE', token: alt }))
        .status
    ).toBe(202)
  })
})
