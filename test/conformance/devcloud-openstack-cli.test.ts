import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningDevCloud, seedIds, startDevCloud } from '@berth/devcloud'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeCli, OPENSTACK, passwordAuth, runClient } from '../support/cli'

/**
 * The development cloud against Debian's real `openstack` client: if the client can discover,
 * authenticate and parse every answer, the development cloud is faithful enough for Berth's
 * users. Starts its own cloud on a free port (independent of the shared global setup).
 */

const BERTH_ENDPOINT = 'http://127.0.0.1:9511/v1'

// A cwd and HOME of its own, so no clouds.yaml or client cache of the machine gets in the way.
const sandbox = mkdtempSync(join(tmpdir(), 'devcloud-osc-'))
let cloud: RunningDevCloud

type User = 'admin' | 'demo' | 'alt'

const run = (auth: Record<string, string>, args: string[]) =>
  runClient(sandbox, OPENSTACK, args, { authUrl: cloud.authUrl, env: auth, timeoutMs: 45_000 })

/** Runs `openstack <args> -f json`, which must succeed, and parses its output. */
const osc = async <T>(auth: User | Record<string, string>, ...args: string[]): Promise<T> => {
  const result = await run(typeof auth === 'string' ? passwordAuth(auth) : auth, [
    ...args,
    '-f',
    'json',
  ])
  expect(result.code, `openstack ${args.join(' ')}: ${result.stderr}`).toBe(0)
  return JSON.parse(result.stdout) as T
}

beforeAll(async () => {
  cloud = await startDevCloud({ port: 0, berthEndpoint: BERTH_ENDPOINT })
})

afterAll(async () => {
  await cloud?.close()
  rmSync(sandbox, { recursive: true, force: true })
})

describeCli('openstack CLI against the development cloud', () => {
  it('token issue', async () => {
    const token = await osc<{ id: string; project_id: string; user_id: string; expires: string }>(
      'demo',
      'token',
      'issue'
    )
    expect(token.project_id).toBe(seedIds.project('demo'))
    expect(token.user_id).toBe(seedIds.user('demo'))
    expect(token.id).toMatch(/^gAAAAAB/)
    expect(Date.parse(token.expires)).toBeGreaterThan(Date.now())
  })

  it('catalog list', async () => {
    const catalog = await osc<
      { Name: string; Type: string; Endpoints: { interface: string; url: string }[] }[]
    >('demo', 'catalog', 'list')
    expect(catalog.map((s) => `${s.Type}:${s.Name}`).sort()).toEqual([
      'compute:nova',
      'container-infra:magnum',
      'identity:keystone',
      'image:glance',
      'load-balancer:octavia',
      'network:neutron',
      'orchestration:heat',
      'volumev3:cinderv3',
    ])
    const magnum = catalog.find((s) => s.Type === 'container-infra')
    expect(magnum?.Endpoints.map((e) => e.interface).sort()).toEqual([
      'admin',
      'internal',
      'public',
    ])
    expect(magnum?.Endpoints.every((e) => e.url === BERTH_ENDPOINT)).toBe(true)
  })

  it('image list and image show', async () => {
    const images = await osc<{ ID: string; Name: string; Status: string }[]>(
      'demo',
      'image',
      'list'
    )
    expect(images.map((i) => [i.Name, i.Status]).sort()).toEqual([
      ['fedora-coreos', 'active'],
      ['ubuntu-jammy', 'active'],
    ])
    const fcos = await osc<{ id: string; visibility: string; properties: Record<string, unknown> }>(
      'demo',
      'image',
      'show',
      'fedora-coreos'
    )
    expect(fcos.id).toBe(seedIds.image('fedora-coreos'))
    expect(fcos.visibility).toBe('public')
    expect(fcos.properties.os_distro).toBe('fedora-coreos')
  })

  it('flavor list', async () => {
    const flavors = await osc<
      { ID: string; Name: string; RAM: number; VCPUs: number; Disk: number }[]
    >('demo', 'flavor', 'list')
    expect(flavors.map((f) => [f.Name, f.RAM, f.VCPUs, f.Disk])).toEqual([
      ['m1.tiny', 512, 1, 1],
      ['m1.small', 2048, 1, 20],
      ['m1.medium', 4096, 2, 40],
      ['m1.large', 8192, 4, 80],
    ])
  })

  it('volume create, list, show and delete, each project seeing only its own', async () => {
    const created = await osc<{ id: string; status: string; size: number; type: string }>(
      'demo',
      'volume',
      'create',
      '--size',
      '2',
      'osc-data'
    )
    expect(created).toMatchObject({ status: 'creating', size: 2, type: '__DEFAULT__' })
    const listed = await osc<{ ID: string; Name: string; Status: string }[]>(
      'demo',
      'volume',
      'list'
    )
    expect(listed).toEqual([
      expect.objectContaining({ ID: created.id, Name: 'osc-data', Status: 'available' }),
    ])
    expect(await osc('alt', 'volume', 'list')).toEqual([])
    const shown = await osc<{ status: string }>('demo', 'volume', 'show', 'osc-data')
    expect(shown.status).toBe('available')
    const deleted = await run(passwordAuth('demo'), ['volume', 'delete', created.id])
    expect(deleted.code, deleted.stderr).toBe(0)
  })

  it('keypair list shows each user only their own keypairs', async () => {
    const demo = await osc<{ Name: string; Fingerprint: string; Type: string }[]>(
      'demo',
      'keypair',
      'list'
    )
    expect(demo).toEqual([
      {
        Name: 'demo-key',
        Fingerprint: 'e5:ec:a6:a2:cb:28:1d:57:68:d4:44:86:3d:6e:6b:43',
        Type: 'ssh',
      },
    ])
    const alt = await osc<{ Name: string }[]>('alt', 'keypair', 'list')
    expect(alt.map((k) => k.Name)).toEqual(['alt-key'])
  })

  it('network list --external and subnet list', async () => {
    const networks = await osc<{ ID: string; Name: string; Subnets: string[] }[]>(
      'demo',
      'network',
      'list',
      '--external'
    )
    expect(networks).toEqual([
      { ID: seedIds.network('public'), Name: 'public', Subnets: [seedIds.subnet('public-subnet')] },
    ])
    const subnets = await osc<{ ID: string; Name: string; Network: string; Subnet: string }[]>(
      'admin',
      'subnet',
      'list'
    )
    expect(subnets).toEqual([
      {
        ID: seedIds.subnet('public-subnet'),
        Name: 'public-subnet',
        Network: seedIds.network('public'),
        Subnet: '172.24.4.0/24',
      },
    ])
    // As on real Neutron, a non-shared external network's subnet is the owner's business.
    expect(await osc('demo', 'subnet', 'list')).toEqual([])
  })

  it('application credential create, use, list and delete', async () => {
    const created = await osc<{
      id: string
      name: string
      secret: string
      roles: string
      project_id: string
    }>('demo', 'application', 'credential', 'create', 'ci-cred')
    expect(created.name).toBe('ci-cred')
    expect(created.secret.length).toBeGreaterThan(40)
    expect(created.roles.split(' ').sort()).toEqual(['member', 'reader'])
    expect(created.project_id).toBe(seedIds.project('demo'))

    const credAuth = {
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_ID: created.id,
      OS_APPLICATION_CREDENTIAL_SECRET: created.secret,
    }
    const credToken = await osc<{ id: string; project_id: string }>(credAuth, 'token', 'issue')
    expect(credToken.project_id).toBe(seedIds.project('demo'))

    const listed = await osc<{ ID: string; Name: string }[]>(
      'demo',
      'application',
      'credential',
      'list'
    )
    expect(listed.map((c) => [c.ID, c.Name])).toEqual([[created.id, 'ci-cred']])

    const deleted = await run(passwordAuth('demo'), [
      'application',
      'credential',
      'delete',
      'ci-cred',
    ])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(await osc('demo', 'application', 'credential', 'list')).toEqual([])

    // Tokens issued from the deleted credential no longer validate, and it no longer authenticates.
    const admin = await osc<{ id: string }>('admin', 'token', 'issue')
    const validation = await fetch(`${cloud.authUrl}/auth/tokens`, {
      headers: { 'X-Auth-Token': admin.id, 'X-Subject-Token': credToken.id },
    })
    expect(validation.status).toBe(404)
    const again = await run(credAuth, ['token', 'issue', '-f', 'json'])
    expect(again.code).not.toBe(0)
  })
})
