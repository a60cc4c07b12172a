import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { api, identity, type RunningBerth, startBerth } from '../support/berth'
import { coeClient, describeCli } from '../support/cli'

/**
 * Debian's real client against Berth's operator APIs: `openstack coe quotas
 * create/show/update/list/delete`, `openstack coe stats list` and `openstack coe service list`
 * (python-magnumclient has no federation or credential commands).
 */

const sandbox = mkdtempSync(join(tmpdir(), 'berth-osc-quotas-'))

const { osc, ok } = coeClient(sandbox)

/** The rows of a table the client printed: `| a | b |` → ['a', 'b']. */
const rows = (table: string): string[][] =>
  table
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim())
    )

/** A print_dict table as an object (its header row dropped). */
const dict = (table: string): Record<string, string> =>
  Object.fromEntries(
    rows(table)
      .slice(1)
      .map(([k = '', v = '']) => [k, v])
  )

let berth: RunningBerth
let demo: string
let alt: string

beforeAll(async () => {
  berth = await startBerth()
  demo = (await identity('demo')).projectId
  alt = (await identity('alt')).projectId
})
afterAll(async () => {
  for (const p of [demo, alt]) {
    for (const r of ['Cluster', 'Node', 'VCPU']) await api('admin').delete(`/v1/quotas/${p}/${r}`)
  }
  await berth?.stop()
})

describeCli('openstack coe quotas / stats / service (Debian python3-magnumclient)', () => {
  it('creates, shows, updates, lists and deletes a quota as an admin', async () => {
    const created = dict(
      await ok(
        'admin',
        'quotas',
        'create',
        '--project-id',
        demo,
        '--resource',
        'Node',
        '--hard-limit',
        '40'
      )
    )
    expect(created).toMatchObject({ project_id: demo, resource: 'Node', hard_limit: '40' })
    expect(created.id).toMatch(/^\d+$/)

    expect(
      dict(await ok('admin', 'quotas', 'show', '--project-id', demo, '--resource', 'Node'))
    ).toMatchObject({ hard_limit: '40', id: created.id })
    // The client sends the whole Quota object; Berth answers 202 with the quota.
    expect(
      dict(
        await ok(
          'admin',
          'quotas',
          'update',
          '--project-id',
          demo,
          '--resource',
          'Node',
          '--hard-limit',
          '45'
        )
      )
    ).toMatchObject({ hard_limit: '45', id: created.id })

    await ok(
      'admin',
      'quotas',
      'create',
      '--project-id',
      alt,
      '--resource',
      'VCPU',
      '--hard-limit',
      '8'
    )
    const own = rows(await ok('admin', 'quotas', 'list'))
    expect(own.slice(1).map((r) => r[0])).not.toContain(demo)
    const all = rows(await ok('admin', 'quotas', 'list', '--all-tenants'))
    expect(all[0]).toEqual(['project_id', 'resource', 'hard_limit'])
    expect(all.slice(1)).toEqual(
      expect.arrayContaining([
        [demo, 'Node', '45'],
        [alt, 'VCPU', '8'],
      ])
    )

    expect(
      await ok('admin', 'quotas', 'delete', '--project-id', demo, '--resource', 'Node')
    ).toContain(
      `Request to delete quota for project id ${demo} and resource Node has been accepted.`
    )
    // Without a stored quota, show answers the default: -1 (no limit) for Berth's Node quota.
    expect(
      dict(await ok('demo', 'quotas', 'show', '--project-id', demo, '--resource', 'Node'))
    ).toMatchObject({ project_id: demo, hard_limit: '-1' })
  })

  it('shows what Magnum’s policy refuses', async () => {
    const create = await osc(
      'demo',
      'quotas',
      'create',
      '--project-id',
      demo,
      '--resource',
      'Cluster'
    )
    // magnumclient reports a failed create on stdout and still exits 0.
    expect(create.stdout).toMatch(
      /failed: Policy doesn't allow quota:create to be performed\.? \(HTTP 403\)/
    )
    const list = await osc('demo', 'quotas', 'list')
    expect(list.code).not.toBe(0)
    expect(list.stderr).toMatch(/quota:get_all.*\(HTTP 403\)/)
    const other = await osc('demo', 'quotas', 'show', '--project-id', alt, '--resource', 'Cluster')
    expect(other.code).not.toBe(0)
    expect(other.stderr).toMatch(/Not authorized\.? \(HTTP 403\)/)
  })

  it('lists stats for the caller’s project, and for any project as an admin', async () => {
    const expected = (await api('demo').get<{ clusters: number; nodes: number }>('/v1/stats')).body
    const mine = dict(await ok('demo', 'stats', 'list', demo))
    expect(mine).toEqual({ clusters: String(expected.clusters), nodes: String(expected.nodes) })
    expect(dict(await ok('admin', 'stats', 'list', demo))).toEqual(mine)
    const refused = await osc('demo', 'stats', 'list', alt)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/Not authorized\.? \(HTTP 403\)/)
  })

  it('lists Berth’s services as an admin, and refuses others', async () => {
    await berth.reconcile()
    const services = JSON.parse(await ok('admin', 'service', 'list', '-f', 'json')) as {
      binary: string
      state: string
      host: string
      id: number
    }[]
    const up = services.filter((s) => s.state === 'up').map((s) => s.binary)
    expect(up).toEqual(
      expect.arrayContaining(['berth-api', 'berth-workflow', 'berth-reconciler', 'berth-table'])
    )
    const refused = await osc('demo', 'service', 'list')
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/magnum-service:get_all.*\(HTTP 403\)/)
  })
})
