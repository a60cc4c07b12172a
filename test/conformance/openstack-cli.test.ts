import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type RunningBerth, startBerth, type TestUser } from '../support/berth'
import { coeClient, describeCli, jsonOutput, k8sTemplateCreateArgs, MAGNUM } from '../support/cli'

/**
 * The arbiter of compatibility: Debian's real OpenStack client (python3-openstackclient with
 * python3-magnumclient) against Berth, found through the development cloud's catalog exactly
 * as it would find Magnum.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// A cwd and HOME of its own, so no clouds.yaml or client cache of the machine gets in the way.
const sandbox = mkdtempSync(join(tmpdir(), 'berth-osc-'))
const run = Date.now().toString(36)

const { cli, osc } = coeClient(sandbox)

// `delete` reports a refusal on stdout and still exits 0 (magnumclient catches the error).
const deleteFailed = (ident: string, status: number) =>
  new RegExp(`^Delete for cluster template ${ident} failed: .*\\(HTTP ${status}\\)`, 'm')

/** Runs a command that must succeed and returns its JSON output. */
const oscJson = async <T = Record<string, unknown>>(
  user: TestUser,
  ...args: string[]
): Promise<T> => {
  const result = await osc(user, ...args, '-f', 'json')
  expect(result, `openstack coe ${args.join(' ')} as ${user}: ${result.stderr}`).toMatchObject({
    code: 0,
  })
  // `create` says "Request to create … accepted" on stdout before the JSON document.
  return jsonOutput<T>(result.stdout)
}

interface ListedTemplate {
  uuid: string
  name: string
  tags: unknown
}
const listNames = async (user: TestUser): Promise<string[]> =>
  (await oscJson<ListedTemplate[]>(user, 'cluster', 'template', 'list')).map((t) => t.name)

const createArgs = (name: string, keypair: string | undefined, ...extra: string[]) => [
  ...k8sTemplateCreateArgs(name, { keypair }),
  ...extra,
]

let berth: RunningBerth
const created: { user: TestUser; name: string }[] = []
const create = async (
  user: TestUser,
  name: string,
  keypair: string | undefined,
  ...extra: string[]
) => {
  const shown = await oscJson(user, ...createArgs(name, keypair, ...extra))
  created.push({ user, name })
  return shown
}

beforeAll(async () => {
  berth = await startBerth()
})
afterAll(async () => {
  for (const { user, name } of created.reverse()) {
    await osc(user, 'cluster', 'template', 'delete', name)
  }
  await berth?.stop()
  rmSync(sandbox, { recursive: true, force: true })
})

describeCli('openstack coe cluster template (demo)', () => {
  const name = `osc-demo-${run}`
  let uuid = ''

  it('create prints the new template with every field given', async () => {
    const shown = await create('demo', name, 'demo-key')
    expect(shown).toMatchObject({
      name,
      coe: 'kubernetes',
      image_id: 'fedora-coreos',
      external_network_id: 'public',
      flavor_id: 'm1.small',
      master_flavor_id: 'm1.medium',
      keypair_id: 'demo-key',
      network_driver: 'flannel',
      labels: { kube_tag: 'v1.28.9' },
      public: false,
      hidden: false,
      server_type: 'vm',
      tls_disabled: false,
    })
    expect(shown.uuid).toMatch(UUID)
    expect(String(shown.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/)
    uuid = String(shown.uuid)
  })

  it('list shows it by uuid and name, and --fields adds columns', async () => {
    const listed = await oscJson<ListedTemplate[]>('demo', 'cluster', 'template', 'list')
    expect(listed).toContainEqual(expect.objectContaining({ uuid, name }))
    const wide = await oscJson<Record<string, unknown>[]>(
      'demo',
      'cluster',
      'template',
      'list',
      '--fields',
      'coe,image_id'
    )
    expect(wide).toContainEqual(
      expect.objectContaining({ uuid, name, coe: 'kubernetes', image_id: 'fedora-coreos' })
    )
  })

  it('show finds it by name and by uuid', async () => {
    const byName = await oscJson('demo', 'cluster', 'template', 'show', name)
    const byUuid = await oscJson('demo', 'cluster', 'template', 'show', uuid)
    expect(byName).toEqual(byUuid)
    expect(byName).toMatchObject({ uuid, name, labels: { kube_tag: 'v1.28.9' } })
  })

  it('update replace labels takes the client’s key=value list', async () => {
    const shown = await oscJson(
      'demo',
      'cluster',
      'template',
      'update',
      name,
      'replace',
      'labels=kube_tag=v1.29.0,extra=yes'
    )
    expect(shown).toMatchObject({ uuid, labels: { kube_tag: 'v1.29.0', extra: 'yes' } })
    expect(String(shown.updated_at)).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('update add sets an unset attribute, remove takes a label away', async () => {
    const added = await oscJson(
      'demo',
      'cluster',
      'template',
      'update',
      name,
      'add',
      'http_proxy=http://proxy.example:3128'
    )
    expect(added).toMatchObject({ uuid, http_proxy: 'http://proxy.example:3128' })
    const removed = await oscJson(
      'demo',
      'cluster',
      'template',
      'update',
      uuid,
      'remove',
      'labels/extra'
    )
    expect(removed).toMatchObject({ labels: { kube_tag: 'v1.29.0' } })
    expect(removed.labels).not.toHaveProperty('extra')
  })

  it('the legacy magnum CLI lists it too', async () => {
    const result = await cli(MAGNUM, 'demo', ['cluster-template-list'])
    expect(result, result.stderr).toMatchObject({ code: 0 })
    expect(result.stdout).toContain(uuid)
    expect(result.stdout).toContain(name)
  })
})

describeCli('projects do not see each other’s private templates', () => {
  const demoName = `osc-private-${run}`
  const altName = `osc-alt-${run}`
  let demoUuid = ''

  beforeAll(async () => {
    demoUuid = String((await create('demo', demoName, 'demo-key')).uuid)
    await create('alt', altName, 'alt-key')
  })

  it('each project lists only its own', async () => {
    const altSees = await listNames('alt')
    expect(altSees).toContain(altName)
    expect(altSees).not.toContain(demoName)
    const demoSees = await listNames('demo')
    expect(demoSees).toContain(demoName)
    expect(demoSees).not.toContain(altName)
  })

  it('alt can neither show, update nor delete demo’s template', async () => {
    for (const ident of [demoName, demoUuid]) {
      const show = await osc('alt', 'cluster', 'template', 'show', ident)
      expect(show.code).not.toBe(0)
      expect(show.stderr).toMatch(/not be found|not found|404/i)
      const update = await osc(
        'alt',
        'cluster',
        'template',
        'update',
        ident,
        'replace',
        'name=taken'
      )
      expect(update.code).not.toBe(0)
      const del = await osc('alt', 'cluster', 'template', 'delete', ident)
      expect(del.stdout).toMatch(deleteFailed(ident, 404))
    }
    const intact = await oscJson('demo', 'cluster', 'template', 'show', demoUuid)
    expect(intact).toMatchObject({ name: demoName, labels: { kube_tag: 'v1.28.9' } })
  })

  it('delete removes a template for good', async () => {
    const gone = `osc-gone-${run}`
    await oscJson('alt', ...createArgs(gone, 'alt-key'))
    const del = await osc('alt', 'cluster', 'template', 'delete', gone)
    expect(del, del.stderr).toMatchObject({ code: 0 })
    expect(del.stdout).toContain(`Request to delete cluster template ${gone} has been accepted.`)
    expect(await listNames('alt')).not.toContain(gone)
    const show = await osc('alt', 'cluster', 'template', 'show', gone)
    expect(show.code).not.toBe(0)
  })
})

describeCli('public templates', () => {
  const name = `osc-public-${run}`

  it('admin publishes one that demo and alt see but cannot delete', async () => {
    const shown = await create('admin', name, undefined, '--public')
    expect(shown).toMatchObject({ name, public: true })
    expect(await listNames('demo')).toContain(name)
    expect(await listNames('alt')).toContain(name)
    const seen = await oscJson('alt', 'cluster', 'template', 'show', String(shown.uuid))
    expect(seen).toMatchObject({ name, public: true })
    const del = await osc('demo', 'cluster', 'template', 'delete', String(shown.uuid))
    expect(del.stdout).toMatch(deleteFailed(String(shown.uuid), 403))
    expect(await listNames('alt')).toContain(name)
  })

  it('a non-admin may not publish', async () => {
    const result = await osc('demo', ...createArgs(`osc-nopub-${run}`, 'demo-key', '--public'))
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/403|not allow|forbidden/i)
    expect(await listNames('demo')).not.toContain(`osc-nopub-${run}`)
  })
})
