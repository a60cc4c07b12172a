import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningDevCloud, startDevCloud } from '@berth/devcloud'
import { clusterTemplate, NODE_YAML } from '@berth/devcloud/heat/stack/cluster-template'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonOutput, OPENSTACK, passwordAuth, runClient } from '../support/cli'

/**
 * The development cloud's Heat, Nova, Neutron and Octavia against Debian's real `openstack`
 * client (heatclient and octaviaclient plugins): a cluster-shaped stack with a provider
 * template is created and waited for, inspected, and deleted with nothing left behind.
 */
const sandbox = mkdtempSync(join(tmpdir(), 'devcloud-heat-cli-'))
let cloud: RunningDevCloud

const run = (args: string[]) =>
  runClient(sandbox, OPENSTACK, args, {
    authUrl: cloud.authUrl,
    env: passwordAuth('demo'),
    timeoutMs: 50_000,
  })

/** `openstack <args> -f json`, which must succeed, parsed (after `--wait`'s event log, if any). */
const osc = async <T>(...args: string[]): Promise<T> => {
  const result = await run([...args, '-f', 'json'])
  expect(result.code, `openstack ${args.join(' ')}: ${result.stderr}`).toBe(0)
  return jsonOutput<T>(result.stdout)
}

type Row = Record<string, unknown>

beforeAll(async () => {
  cloud = await startDevCloud({ port: 0 })
  // JSON is YAML: heatclient reads the template, finds node.yaml and sends it in `files`.
  writeFileSync(join(sandbox, 'cluster.yaml'), JSON.stringify(clusterTemplate(), null, 1))
  writeFileSync(join(sandbox, 'node.yaml'), NODE_YAML)
  writeFileSync(
    join(sandbox, 'bad.yaml'),
    'heat_template_version: 2018-08-31\nresources:\n  bad: {type: OS::Heat::TestResource, properties: {fail: true}}\n'
  )
})

afterAll(async () => {
  await cloud?.close()
  rmSync(sandbox, { recursive: true, force: true })
})

describe('openstack stack … against the development cloud', () => {
  it('stack create --wait, stack show, stack output show', async () => {
    const created = await osc<Row>(
      'stack',
      'create',
      '-t',
      'cluster.yaml',
      '--parameter',
      'node_count=2',
      '--wait',
      '--poll',
      '1',
      'k8s'
    )
    expect(created).toMatchObject({ stack_name: 'k8s', stack_status: 'CREATE_COMPLETE' })
    const shown = await osc<Row>('stack', 'show', 'k8s')
    expect(shown).toMatchObject({
      stack_status: 'CREATE_COMPLETE',
      stack_status_reason: 'Stack CREATE completed successfully',
      stack_owner: 'demo',
    })
    expect((shown.parameters as Row).node_count).toBe('2')
    const output = await osc<Row>('stack', 'output', 'show', 'k8s', 'node_addresses')
    expect(output.output_key).toBe('node_addresses')
    expect(output.output_value).toEqual(
      expect.arrayContaining([expect.stringMatching(/^10\.0\.0\.\d+$/)])
    )
    const api = await osc<Row>('stack', 'output', 'show', 'k8s', 'api_address')
    expect(api.output_value).toMatch(/^172\.24\.4\.\d+$/)
  })

  it('stack resource list, nested', async () => {
    const resources = await osc<Row[]>('stack', 'resource', 'list', '-n', '2', 'k8s')
    const types = resources.map((r) => r.resource_type)
    expect(types).toEqual(
      expect.arrayContaining([
        'OS::Heat::ResourceGroup',
        'OS::Nova::Server',
        'OS::Octavia::LoadBalancer',
      ])
    )
    expect(resources.every((r) => r.resource_status === 'CREATE_COMPLETE')).toBe(true)
    expect(resources.filter((r) => r.resource_type === 'OS::Nova::Server')).toHaveLength(2)
  })

  it('server, port, floating ip, security group and loadbalancer lists show what the stack made', async () => {
    const servers = await osc<Row[]>('server', 'list')
    expect(servers.map((s) => [s.Name, s.Status]).sort()).toEqual([
      ['k8s-node-0', 'ACTIVE'],
      ['k8s-node-1', 'ACTIVE'],
    ])
    expect(Object.keys(servers[0]?.Networks as Row)).toEqual(['k8s-net'])
    const ports = await osc<Row[]>('port', 'list')
    expect(ports).toHaveLength(4)
    const fips = await osc<Row[]>('floating', 'ip', 'list')
    expect(fips).toHaveLength(3)
    expect(fips.every((f) => typeof f.Port === 'string')).toBe(true)
    const groups = await osc<Row[]>('security', 'group', 'list')
    expect(groups.map((g) => g.Name)).toEqual(
      expect.arrayContaining(['default', expect.stringMatching(/^k8s-secgroup-/)])
    )
    const lbs = await osc<Row[]>('loadbalancer', 'list')
    expect(lbs).toHaveLength(1)
    expect(lbs[0]).toMatchObject({ provisioning_status: 'ACTIVE', operating_status: 'ONLINE' })
  })

  it('stack create --wait of a failing template fails, and stack show says why', async () => {
    const failed = await run(['stack', 'create', '-t', 'bad.yaml', '--wait', '--poll', '1', 'bad'])
    expect(failed.code).not.toBe(0)
    expect(failed.stdout + failed.stderr).toContain('CREATE_FAILED')
    const shown = await osc<Row>('stack', 'show', 'bad')
    expect(shown.stack_status_reason).toBe(
      'Resource CREATE failed: ValueError: resources.bad: Test Resource failed bad'
    )
  })

  it('stack delete --wait -y leaves nothing behind', async () => {
    const deleted = await run(['stack', 'delete', '--wait', '-y', 'k8s', 'bad'])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(await osc<Row[]>('stack', 'list')).toEqual([])
    expect(await osc<Row[]>('server', 'list')).toEqual([])
    expect(await osc<Row[]>('port', 'list')).toEqual([])
    expect(await osc<Row[]>('floating', 'ip', 'list')).toEqual([])
    expect(await osc<Row[]>('loadbalancer', 'list')).toEqual([])
    expect((await osc<Row[]>('security', 'group', 'list')).map((g) => g.Name)).toEqual(['default'])
  })
})
