import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type RunningBerth, startBerth } from '../support/berth'
import { SEEDED } from './lifecycle-support'

interface WireError {
  errors: { status: number; title: string; detail: string }[]
}
interface Template {
  uuid: string
  name: string
  project_id: string
  user_id: string
  coe: string
  image_id: string
  cluster_distro: string
  network_driver: string
  labels: Record<string, string>
  public: boolean
  hidden: boolean
  floating_ip_enabled: boolean
  keypair_id: string | null
  links: { href: string; rel: string }[]
  updated_at: string | null
}
interface TemplateList {
  clustertemplates: Template[]
  next?: string
}

const base = { coe: 'kubernetes', image_id: 'fedora-coreos', ...SEEDED }

let berth: RunningBerth
const created: { user: 'demo' | 'admin' | 'alt'; uuid: string }[] = []
const create = async (user: 'demo' | 'admin' | 'alt', body: Record<string, unknown>) => {
  const r = await api(user).post<Template>('/v1/clustertemplates', body)
  if (r.status === 201) created.push({ user, uuid: r.body.uuid })
  return r
}
const expectError = (r: { status: number; body: unknown }, status: number, detail: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status)
  expect((r.body as WireError).errors[0]?.detail).toContain(detail)
}

beforeAll(async () => {
  berth = await startBerth()
})
afterAll(async () => {
  for (const { user, uuid } of created) await api(user).delete(`/v1/clustertemplates/${uuid}`)
  await berth?.stop()
})

describe('Cluster templates: create, show, list', () => {
  it('creates with Magnum’s defaults, Location and cluster_distro from the image', async () => {
    const r = await create('demo', {
      ...base,
      name: 'k8s-basic',
      labels: { kube_tag: 'v1.28.9', n: 3 },
    })
    expect(r.status, r.text).toBe(201)
    const t = r.body
    expect(r.headers.get('location')).toBe(`${berth.url}/v1/clustertemplates/${t.uuid}`)
    expect(t).toMatchObject({
      name: 'k8s-basic',
      coe: 'kubernetes',
      cluster_distro: 'fedora-coreos',
      network_driver: 'flannel',
      server_type: 'vm',
      public: false,
      hidden: false,
      tls_disabled: false,
      floating_ip_enabled: true,
      labels: { kube_tag: 'v1.28.9', n: '3' },
      updated_at: null,
    })
    expect(t.links).toEqual([
      { href: `${berth.url}/v1/clustertemplates/${t.uuid}`, rel: 'self' },
      { href: `${berth.url}/clustertemplates/${t.uuid}`, rel: 'bookmark' },
    ])
    const shown = await api('demo').get<Template>(`/v1/clustertemplates/${t.uuid}`)
    expect(shown.body).toEqual(t)
    const byName = await api('demo').get<Template>('/v1/clustertemplates/k8s-basic')
    expect(byName.body.uuid).toBe(t.uuid)
    const bookmark = await api('demo').get<Template>(`/clustertemplates/${t.uuid}`)
    expect(bookmark.status).toBe(200)
  })

  it('generates a name when none is given', async () => {
    const r = await create('demo', { coe: 'kubernetes', image_id: 'ubuntu-jammy' })
    expect(r.status, r.text).toBe(201)
    expect(r.body.name).toMatch(/^[a-z]+-\d+-template$/)
    expect(r.body.cluster_distro).toBe('ubuntu')
  })

  it('answers 409 when a name matches several templates, 404 when none', async () => {
    await create('demo', { ...base, name: 'twin' })
    await create('demo', { ...base, name: 'twin' })
    expectError(
      await api('demo').get('/v1/clustertemplates/twin'),
      409,
      'Multiple cluster templates exist with same name'
    )
    expectError(
      await api('demo').get('/v1/clustertemplates/nobody'),
      404,
      'ClusterTemplate nobody could not be found.'
    )
  })

  it.each([
    [{ ...base, colour: 'red' }, 400, 'Unknown attribute for argument cluster_template: colour'],
    [{ ...base, docker_volume_size: 'big' }, 400, 'docker_volume_size'],
    [{ ...base, coe: undefined }, 400, 'Mandatory field missing: coe'],
    [{ ...base, image_id: 'no-such-image' }, 400, 'Image no-such-image could not be found.'],
    [{ ...base, flavor_id: 'm9.huge' }, 400, 'Unable to find flavor m9.huge.'],
    [{ ...base, keypair_id: 'alt-key' }, 404, 'Unable to find keypair alt-key.'],
    [{ ...base, external_network_id: 'nowhere' }, 400, 'Unable to find external network nowhere.'],
    [{ ...base, network_driver: 'docker' }, 400, 'Network driver type docker is not supported'],
    [{ ...base, volume_driver: 'rexray' }, 400, 'Volume driver type rexray is not supported'],
    [{ ...base, coe: 'swarm' }, 400, 'Cluster type (vm, fedora-coreos, swarm) not supported.'],
    [
      { ...base, server_type: 'bm' },
      400,
      'Cluster type (bm, fedora-coreos, kubernetes) not supported.',
    ],
    [
      { ...base, docker_storage_driver: 'devicemapper', docker_volume_size: 2 },
      400,
      'expecting minimum value 3GB',
    ],
    [{ ...base, public: true }, 403, 'Not authorized to set public or hidden flag'],
  ])('rejects %j with %i', async (body, status, detail) => {
    const before = await api('demo').get<TemplateList>('/v1/clustertemplates')
    expectError(await create('demo', body), status, detail)
    const after = await api('demo').get<TemplateList>('/v1/clustertemplates')
    expect(after.body.clustertemplates.length).toBe(before.body.clustertemplates.length)
  })

  it('rejects bodies that are not JSON, too large, or of another media type', async () => {
    const demo = api('demo')
    expectError(
      await demo.request('POST', '/v1/clustertemplates', {
        raw: '{"coe": ',
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'not valid JSON'
    )
    const huge = JSON.stringify({ ...base, labels: { blob: 'x'.repeat(2_000_000) } })
    const tooLarge = await demo.request('POST', '/v1/clustertemplates', {
      raw: huge,
      headers: { 'Content-Type': 'application/json' },
    })
    expect(tooLarge.status).toBe(413)
    expectError(
      await demo.request('POST', '/v1/clustertemplates', {
        raw: 'coe=kubernetes',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'not supported'
    )
  })
})

describe('Cluster templates: tenancy and publishing', () => {
  let privateUuid: string
  let publicUuid: string
  let hiddenUuid: string

  beforeAll(async () => {
    privateUuid = (await create('demo', { ...base, name: 'demo-private' })).body.uuid
    publicUuid = (
      await create('admin', {
        coe: 'kubernetes',
        image_id: 'fedora-coreos',
        name: 'shared-k8s',
        public: true,
      })
    ).body.uuid
    hiddenUuid = (
      await create('admin', {
        coe: 'kubernetes',
        image_id: 'fedora-coreos',
        name: 'retired-k8s',
        public: true,
        hidden: true,
      })
    ).body.uuid
  })

  it('keeps a private template away from other projects', async () => {
    const alt = api('alt')
    const list = await alt.get<TemplateList>('/v1/clustertemplates')
    expect(list.body.clustertemplates.map((t) => t.uuid)).not.toContain(privateUuid)
    expectError(await alt.get(`/v1/clustertemplates/${privateUuid}`), 404, 'could not be found')
    expectError(await alt.get('/v1/clustertemplates/demo-private'), 404, 'could not be found')
    expectError(
      await alt.patch(`/v1/clustertemplates/${privateUuid}`, [
        { op: 'replace', path: '/name', value: 'mine' },
      ]),
      404,
      'could not be found'
    )
    expectError(await alt.delete(`/v1/clustertemplates/${privateUuid}`), 404, 'could not be found')
    expect((await api('demo').get<Template>(`/v1/clustertemplates/${privateUuid}`)).body.name).toBe(
      'demo-private'
    )
  })

  it('shows public templates to everyone, hidden ones only to admins', async () => {
    const demoList = (
      await api('demo').get<TemplateList>('/v1/clustertemplates')
    ).body.clustertemplates.map((t) => t.uuid)
    expect(demoList).toContain(publicUuid)
    expect(demoList).not.toContain(hiddenUuid)
    expect((await api('alt').get(`/v1/clustertemplates/${publicUuid}`)).status).toBe(200)
    expect((await api('alt').get(`/v1/clustertemplates/${hiddenUuid}`)).status).toBe(404)
    const adminList = (
      await api('admin').get<TemplateList>('/v1/clustertemplates')
    ).body.clustertemplates.map((t) => t.uuid)
    expect(adminList).toEqual(expect.arrayContaining([privateUuid, publicUuid, hiddenUuid]))
  })

  it('hides a project’s own hidden template from its lists, not from show', async () => {
    const mine = (await create('demo', { ...base, name: 'to-hide' })).body.uuid
    const hidden = await api('admin').patch(`/v1/clustertemplates/${mine}`, [
      { op: 'replace', path: '/hidden', value: true },
    ])
    expect(hidden.status, hidden.text).toBe(200)
    const list = (await api('demo').get<TemplateList>('/v1/clustertemplates')).body.clustertemplates
    expect(list.map((t) => t.uuid)).not.toContain(mine)
    expect((await api('demo').get(`/v1/clustertemplates/${mine}`)).status).toBe(200)
  })

  it('does not let a member change someone else’s public template', async () => {
    const r = await api('demo').patch(`/v1/clustertemplates/${publicUuid}`, [
      { op: 'replace', path: '/name', value: 'taken' },
    ])
    expect(r.status).toBe(403)
  })
})

describe('Cluster templates: update and delete', () => {
  it('applies JSON-Patch with Magnum’s rules, including python-magnumclient’s label reprs', async () => {
    const t = (await create('demo', { ...base, name: 'patch-me', keypair_id: null })).body
    const path = `/v1/clustertemplates/${t.uuid}`
    const r = await api('demo').patch<Template>(path, [
      { op: 'replace', path: '/name', value: 'patched' },
      { op: 'add', path: '/keypair_id', value: 'demo-key' },
      { op: 'replace', path: '/labels', value: "{'kube_tag': 'v1.30.1', 'x': 'y'}" },
      { op: 'remove', path: '/floating_ip_enabled' },
    ])
    expect(r.status, r.text).toBe(200)
    expect(r.body).toMatchObject({
      name: 'patched',
      keypair_id: 'demo-key',
      labels: { kube_tag: 'v1.30.1', x: 'y' },
      floating_ip_enabled: true,
    })
    expect(r.body.updated_at).not.toBeNull()
    expectError(
      await api('demo').patch(path, [{ op: 'replace', path: '/uuid', value: 'x' }]),
      400,
      "'/uuid' is an internal attribute"
    )
    expectError(
      await api('demo').patch(path, [{ op: 'remove', path: '/coe' }]),
      400,
      "'/coe' is a mandatory attribute"
    )
    expectError(
      await api('demo').patch(path, [{ op: 'add', path: '/colour', value: 'x' }]),
      400,
      'Adding a new attribute /colour'
    )
    expectError(
      await api('demo').patch(path, [{ op: 'replace', path: '/flavor_id', value: 'm9.huge' }]),
      400,
      'Unable to find flavor m9.huge.'
    )
    expectError(
      await api('demo').patch(path, [{ op: 'replace', path: '/public', value: true }]),
      403,
      'Not authorized to set public'
    )
    expectError(await api('demo').patch(path, { op: 'replace' }), 400, '')
    const after = await api('demo').get<Template>(path)
    expect(after.body.name).toBe('patched')
  })

  it('keeps every concurrent PATCH (optimistic concurrency with retries)', async () => {
    const t = (await create('demo', { ...base, name: 'racy' })).body
    const path = `/v1/clustertemplates/${t.uuid}`
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api('demo').patch(path, [{ op: 'add', path: `/labels/k${i}`, value: `v${i}` }])
      )
    )
    const ok = results.filter((r) => r.status === 200).length
    const final = (await api('demo').get<Template>(path)).body.labels
    const written = Object.keys(final).filter((k) => /^k\d$/.test(k)).length
    expect(written).toBe(ok)
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true)
  })

  it('deletes with 204, then the template is gone', async () => {
    const t = (
      await api('demo').post<Template>('/v1/clustertemplates', { ...base, name: 'doomed' })
    ).body
    expect((await api('demo').delete(`/v1/clustertemplates/${t.uuid}`)).status).toBe(204)
    expect((await api('demo').get(`/v1/clustertemplates/${t.uuid}`)).status).toBe(404)
    expect((await api('demo').delete(`/v1/clustertemplates/${t.uuid}`)).status).toBe(404)
  })
})

describe('Cluster templates: paging', () => {
  it('pages with limit/marker and offers next only on full pages', async () => {
    for (let i = 0; i < 5; i++)
      await create('alt', { coe: 'kubernetes', image_id: 'fedora-coreos', name: `page-${i}` })
    const all = (
      await api('alt').get<TemplateList>('/v1/clustertemplates?sort_key=name&sort_dir=desc')
    ).body.clustertemplates
    const seen: string[] = []
    let url: string | undefined = '/v1/clustertemplates?limit=2&sort_key=name&sort_dir=desc'
    while (url) {
      const page: { body: TemplateList } = await api('alt').get<TemplateList>(url)
      seen.push(...page.body.clustertemplates.map((t) => t.uuid))
      url = page.body.next?.replace(berth.url, '')
      if (url) expect(page.body.next).toContain('marker=')
    }
    expect(seen).toEqual(all.map((t) => t.uuid))
    const names = all.map((t) => t.name)
    expect(names).toEqual([...names].sort().reverse())
  })

  it.each([
    ['limit=0', 'Limit must be positive'],
    ['sort_key=secret', 'is an invalid field for sorting'],
    ['sort_dir=sideways', 'Invalid sort direction'],
    ['colour=red', 'Unknown argument: "colour"'],
  ])('rejects ?%s', async (q, detail) => {
    expectError(await api('alt').get(`/v1/clustertemplates?${q}`), 400, detail)
  })

  it('answers 404 for a marker the caller cannot see', async () => {
    const demoOwn = (await create('demo', { ...base, name: 'marker-probe' })).body.uuid
    expect((await api('alt').get(`/v1/clustertemplates?marker=${demoOwn}`)).status).toBe(404)
  })
})

describe('Baymodels: the same records under the legacy API', () => {
  it('serves a cluster template as a baymodel, with baymodel links', async () => {
    const t = (await create('demo', { ...base, name: 'legacy-view' })).body
    const r = await api('demo').get<Template>(`/v1/baymodels/${t.uuid}`)
    expect(r.status).toBe(200)
    expect(r.body.name).toBe('legacy-view')
    expect(r.body.links[0]?.href).toBe(`${berth.url}/v1/baymodels/${t.uuid}`)
    expect(r.body).not.toHaveProperty('driver')
    const list = await api('demo').get<{ baymodels: Template[] }>('/v1/baymodels')
    expect(list.body.baymodels.map((b) => b.uuid)).toContain(t.uuid)
  })

  it('creates a baymodel that is also a cluster template, with Zed’s stricter types', async () => {
    const r = await api('demo').post<Template>('/v1/baymodels', {
      ...base,
      name: 'bm-1',
      labels: { a: 'b' },
    })
    expect(r.status, r.text).toBe(201)
    created.push({ user: 'demo', uuid: r.body.uuid })
    expect((await api('demo').get(`/v1/clustertemplates/${r.body.uuid}`)).status).toBe(200)
    expectError(
      await api('demo').post('/v1/baymodels', { ...base, labels: { a: true } }),
      400,
      'labels'
    )
    expectError(
      await api('demo').post('/v1/baymodels', { ...base, colour: 1 }),
      400,
      'Unknown attribute for argument baymodel: colour'
    )
  })
})
