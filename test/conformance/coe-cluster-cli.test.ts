import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type RunningBerth, startBerth, type TestUser } from '../support/berth'
import { coeClient, describeCli, k8sTemplateCreateArgs, MAGNUM, OPENSTACK } from '../support/cli'
import { cloudInventory } from '../support/cloud'

/**
 * Debian's real client driving the whole lifecycle through Berth: `openstack coe cluster` and
 * `openstack coe nodegroup` (python3-magnumclient), with the workflows really running on the
 * local runner against the development cloud. What the client prints is what a user sees.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/

const sandbox = mkdtempSync(join(tmpdir(), 'berth-osc-cluster-'))
const run = Date.now().toString(36)

const { cli, osc, ok } = coeClient(sandbox)

const json = async <T = Record<string, unknown>>(user: TestUser, ...args: string[]): Promise<T> =>
  JSON.parse(await ok(user, ...args, '-f', 'json')) as T

/** Another service's command as demo (Neutron, Octavia), for what a cluster's workloads make. */
const openstackJson = async <T = Record<string, unknown>>(...args: string[]): Promise<T> => {
  const result = await cli(OPENSTACK, 'demo', [...args, '-f', 'json'])
  expect(result, `openstack ${args.join(' ')}: ${result.stderr}`).toMatchObject({ code: 0 })
  return JSON.parse(result.stdout) as T
}

/** Polls `show -f json` until `done` holds, as a user watching the CLI would. */
const poll = async (
  user: TestUser,
  show: string[],
  done: (shown: Record<string, unknown>) => boolean,
  ms = 45_000
): Promise<Record<string, unknown>> => {
  const deadline = Date.now() + ms
  let last: Record<string, unknown> = {}
  while (Date.now() < deadline) {
    last = await json(user, ...show)
    if (done(last)) return last
    if (String(last.status).endsWith('_FAILED')) break
    await new Promise((res) => setTimeout(res, 200))
  }
  throw new Error(`${show.join(' ')}: still ${last.status} (${last.status_reason})`)
}

const clusterStatus = (ident: string, status: string) =>
  poll('demo', ['cluster', 'show', ident], (c) => c.status === status)
const nodegroupStatus = (cluster: string, ng: string, status: string) =>
  poll('demo', ['nodegroup', 'show', cluster, ng], (n) => n.status === status)

/** Polls until `show` fails with a 404, i.e. the workflow has removed the record. */
const gone = async (user: TestUser, show: string[], ms = 45_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const r = await osc(user, ...show)
    if (r.code !== 0) {
      expect(r.stderr).toMatch(/could not be found|not found|404/i)
      return
    }
    await new Promise((res) => setTimeout(res, 200))
  }
  throw new Error(`${show.join(' ')} still answers after ${ms} ms`)
}

let berth: RunningBerth
const v1 = `osc-lc-v1-${run}`
const v2 = `osc-lc-v2-${run}`
const clusters: { user: TestUser; name: string }[] = []

beforeAll(async () => {
  berth = await startBerth()
  for (const [template, tag] of [
    [v1, 'v1.28.9'],
    [v2, 'v1.29.4'],
  ] as const) {
    const r = await osc('demo', ...k8sTemplateCreateArgs(template, { kubeTag: tag }), '-f', 'json')
    expect(r, r.stderr).toMatchObject({ code: 0 })
  }
})
afterAll(async () => {
  // Anything a failed test left: delete it and wait, so the templates can go too.
  for (const { user, name } of clusters) {
    const r = await osc(user, 'cluster', 'delete', name)
    if (r.code === 0) await gone(user, ['cluster', 'show', name]).catch(() => undefined)
  }
  for (const name of [v1, v2]) await osc('demo', 'cluster', 'template', 'delete', name)
  await berth?.stop()
  rmSync(sandbox, { recursive: true, force: true })
})

describeCli('openstack coe cluster and nodegroup: the lifecycle (demo)', () => {
  const name = `osc-lc-${run}`
  let uuid = ''
  let stackId = ''
  let cloudBefore: Record<string, string[]> = {}

  beforeAll(async () => {
    cloudBefore = await cloudInventory('demo')
  })

  it('create is accepted with the new uuid, and show answers at once', async () => {
    const out = await ok(
      'demo',
      'cluster',
      'create',
      name,
      '--cluster-template',
      v1,
      '--keypair',
      'demo-key',
      '--master-count',
      '1',
      '--node-count',
      '1',
      '--timeout',
      '15',
      '--labels',
      'kube_tag=v1.28.9,extra=yes',
      '--merge-labels'
    )
    clusters.push({ user: 'demo', name })
    const accepted = /^Request to create cluster (\S+) accepted$/m.exec(out)
    expect(accepted?.[1]).toMatch(UUID)
    uuid = accepted?.[1] ?? ''
    const shown = await json('demo', 'cluster', 'show', uuid)
    expect(shown).toMatchObject({ uuid, name })
    expect(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']).toContain(shown.status)
  })

  it('the cluster reaches CREATE_COMPLETE with what the stack made', async () => {
    const shown = await clusterStatus(name, 'CREATE_COMPLETE')
    expect(shown).toMatchObject({
      uuid,
      name,
      keypair: 'demo-key',
      master_count: 1,
      node_count: 1,
      create_timeout: 15,
      master_flavor_id: 'm1.medium',
      flavor_id: 'm1.small',
      labels: { kube_tag: 'v1.28.9', extra: 'yes' },
      labels_added: { extra: 'yes' },
      coe_version: 'v1.28.9',
      floating_ip_enabled: true,
    })
    expect(shown.cluster_template_id).toMatch(UUID)
    // Only a failed cluster carries faults; the client prints the absent field as ''.
    expect(shown.faults).toBe('')
    expect(String(shown.api_address)).toMatch(/^https:\/\/[\d.]+:6443$/)
    expect(shown.master_addresses).toHaveLength(1)
    expect(shown.node_addresses).toHaveLength(1)
    expect(String(shown.created_at)).toMatch(ISO)
    expect(String(shown.status_reason)).not.toMatch(/fail/i)
    // At µ1.13+ the stack is `cluster_id`, a field this client does not know (its stack_id
    // column stays empty, as against Magnum master); the default nodegroups name it.
    const master = await json('demo', 'nodegroup', 'show', name, 'default-master')
    const worker = await json('demo', 'nodegroup', 'show', name, 'default-worker')
    stackId = String(worker.stack_id)
    expect(stackId).toMatch(UUID)
    expect(master).toMatchObject({ stack_id: stackId, is_default: true, cluster_id: uuid })
    expect(worker).toMatchObject({ node_addresses: shown.node_addresses, is_default: true })
    expect((await cloudInventory('demo')).stacks).toContain(stackId)
  })

  it('list shows it with the client’s columns', async () => {
    const listed = await json<Record<string, unknown>[]>('demo', 'cluster', 'list')
    expect(listed).toContainEqual({
      uuid,
      name,
      keypair: 'demo-key',
      node_count: 1,
      master_count: 1,
      status: 'CREATE_COMPLETE',
      health_status: expect.toBeOneOf([null, 'UNKNOWN', 'HEALTHY', 'UNHEALTHY']),
    })
  })

  it('update replace node_count=2 grows the cluster', async () => {
    const out = await ok('demo', 'cluster', 'update', name, 'replace', 'node_count=2')
    expect(out).toContain(`Request to update cluster ${name} has been accepted.`)
    const shown = await clusterStatus(name, 'UPDATE_COMPLETE')
    expect(shown).toMatchObject({ uuid, node_count: 2 })
    expect(shown.node_addresses).toHaveLength(2)
  })

  it('resize shrinks it back through the default worker nodegroup', async () => {
    const out = await ok('demo', 'cluster', 'resize', name, '1', '--nodegroup', 'default-worker')
    expect(out).toContain(`Request to resize cluster ${name} has been accepted.`)
    const shown = await poll(
      'demo',
      ['cluster', 'show', name],
      (c) => c.status === 'UPDATE_COMPLETE' && c.node_count === 1
    )
    expect(shown.node_addresses).toHaveLength(1)
  })

  it('upgrade moves it to the second template’s versions', async () => {
    const out = await ok('demo', 'cluster', 'upgrade', name, v2, '--max-batch-size', '1')
    expect(out).toContain(`Request to upgrade cluster ${name} has been accepted.`)
    const shown = await poll(
      'demo',
      ['cluster', 'show', name],
      (c) => c.status === 'UPDATE_COMPLETE' && c.coe_version === 'v1.29.4'
    )
    const template = await json('demo', 'cluster', 'template', 'show', v2)
    expect(shown.cluster_template_id).toBe(template.uuid)
  })

  it('nodegroup list shows the default master and worker groups', async () => {
    const listed = await json<Record<string, unknown>[]>('demo', 'nodegroup', 'list', name)
    expect(listed).toHaveLength(2)
    expect(listed).toContainEqual(
      expect.objectContaining({ name: 'default-master', role: 'master', node_count: 1 })
    )
    expect(listed).toContainEqual(
      expect.objectContaining({ name: 'default-worker', role: 'worker', node_count: 1 })
    )
    for (const ng of listed) expect(ng.uuid).toMatch(UUID)
  })

  it('nodegroup create, show, update and delete a group of its own', async () => {
    const ng = 'osc-extra'
    const out = await ok(
      'demo',
      'nodegroup',
      'create',
      name,
      ng,
      '--node-count',
      '1',
      '--min-nodes',
      '1',
      '--max-nodes',
      '3',
      '--role',
      'batch',
      '--flavor',
      'm1.medium',
      '--labels',
      'tier=batch'
    )
    const accepted = /^Request to create nodegroup (\S+) accepted$/m.exec(out)
    expect(accepted?.[1]).toMatch(UUID)
    const created = await nodegroupStatus(name, ng, 'CREATE_COMPLETE')
    expect(created).toMatchObject({
      uuid: accepted?.[1],
      name: ng,
      cluster_id: uuid,
      role: 'batch',
      flavor_id: 'm1.medium',
      node_count: 1,
      min_node_count: 1,
      max_node_count: 3,
      is_default: false,
    })
    expect(created.labels).toMatchObject({ tier: 'batch' })
    expect(created.node_addresses).toHaveLength(1)
    expect(created.stack_id).toMatch(UUID)
    expect(created.stack_id).not.toBe(stackId)

    const roles = await json<Record<string, unknown>[]>(
      'demo',
      'nodegroup',
      'list',
      name,
      '--role',
      'batch'
    )
    expect(roles.map((n) => n.name)).toEqual([ng])

    const updated = await ok('demo', 'nodegroup', 'update', name, ng, 'replace', 'max_node_count=5')
    expect(updated).toContain(`Request to update nodegroup ${ng} has been accepted.`)
    const shown = await poll(
      'demo',
      ['nodegroup', 'show', name, ng],
      (n) => n.max_node_count === 5 && String(n.status).endsWith('_COMPLETE')
    )
    expect(shown).toMatchObject({ min_node_count: 1, node_count: 1 })

    const deleted = await ok('demo', 'nodegroup', 'delete', name, ng)
    expect(deleted).toContain(`Request to delete nodegroup ${ng} has been accepted.`)
    await gone('demo', ['nodegroup', 'show', name, ng])
    const left = await json<Record<string, unknown>[]>('demo', 'nodegroup', 'list', name)
    expect(left.map((n) => n.name).sort()).toEqual(['default-master', 'default-worker'])
    expect((await json('demo', 'cluster', 'show', name)).status).toMatch(/_COMPLETE$/)
  })

  it('the legacy magnum CLI (which has no bay commands) lists and shows it', async () => {
    const list = await cli(MAGNUM, 'demo', ['cluster-list'])
    expect(list, list.stderr).toMatchObject({ code: 0 })
    expect(list.stdout).toContain(uuid)
    expect(list.stdout).toContain(name)
    const show = await cli(MAGNUM, 'demo', ['cluster-show', name])
    expect(show, show.stderr).toMatchObject({ code: 0 })
    expect(show.stdout).toMatch(new RegExp(`\\|\\s+cluster_id\\s+\\|\\s+${stackId}\\s+\\|`))
    expect(show.stdout).toMatch(/\|\s+status\s+\|\s+UPDATE_COMPLETE\s+\|/)
  })

  it('delete is accepted, the record goes, and the cloud holds nothing of it', async () => {
    // What the in-cluster cloud provider leaves for a LoadBalancer service: a load balancer on
    // the cluster's subnet and a floating IP on its VIP, named by Magnum's convention.
    const [network] = ((await cloudInventory('demo')).networks ?? []).filter(
      (n) => !cloudBefore.networks?.includes(n)
    )
    expect(network, 'the cluster’s private network').toBeDefined()
    const subnets = await openstackJson<{ ID: string }[]>(
      'subnet',
      'list',
      '--network',
      `${network}`
    )
    const service = `Kubernetes external service default/web from cluster ${uuid}`
    const lb = await openstackJson<{ id: string; vip_port_id: string }>(
      ...['loadbalancer', 'create', '--name', 'web', '--description', service, '--wait'],
      ...['--vip-subnet-id', `${subnets[0]?.ID}`]
    )
    await openstackJson(
      ...['floating', 'ip', 'create', 'public', '--port', lb.vip_port_id],
      ...['--description', `Floating IP for ${service}`]
    )
    expect((await cloudInventory('demo')).loadbalancers).toContain(lb.id)

    const out = await ok('demo', 'cluster', 'delete', name)
    expect(out).toContain(`Request to delete cluster ${name} has been accepted.`)
    await gone('demo', ['cluster', 'show', uuid])
    const listed = await json<Record<string, unknown>[]>('demo', 'cluster', 'list')
    expect(listed.map((c) => c.uuid)).not.toContain(uuid)
    expect(await cloudInventory('demo')).toEqual(cloudBefore)
  })
})

describeCli('openstack coe cluster and nodegroup: alt cannot touch demo’s cluster', () => {
  const name = `osc-iso-${run}`
  const ng = 'iso-extra'
  let uuid = ''
  let ngUuid = ''

  beforeAll(async () => {
    const out = await ok(
      'demo',
      'cluster',
      'create',
      name,
      '--cluster-template',
      v1,
      '--keypair',
      'demo-key',
      '--node-count',
      '1'
    )
    clusters.push({ user: 'demo', name })
    uuid = /^Request to create cluster (\S+) accepted$/m.exec(out)?.[1] ?? ''
    await clusterStatus(name, 'CREATE_COMPLETE')
    await ok('demo', 'nodegroup', 'create', name, ng, '--node-count', '1')
    ngUuid = String((await nodegroupStatus(name, ng, 'CREATE_COMPLETE')).uuid)
  })

  /** alt's attempt must fail the way a missing cluster does, not with a refusal that leaks it. */
  const refused = async (...args: string[]) => {
    const r = await osc('alt', ...args)
    expect(r.code, `alt: openstack coe ${args.join(' ')} succeeded: ${r.stdout}`).not.toBe(0)
    expect(r.stderr).toMatch(/could not be found|not found|404/i)
  }

  it('alt’s list does not hold it; demo’s does', async () => {
    const alt = await json<Record<string, unknown>[]>('alt', 'cluster', 'list')
    expect(alt.map((c) => c.uuid)).not.toContain(uuid)
    const demo = await json<Record<string, unknown>[]>('demo', 'cluster', 'list')
    expect(demo.map((c) => c.uuid)).toContain(uuid)
    const legacy = await cli(MAGNUM, 'alt', ['cluster-list'])
    expect(legacy, legacy.stderr).toMatchObject({ code: 0 })
    expect(legacy.stdout).not.toContain(uuid)
  })

  it('alt can neither show, update, resize, upgrade nor delete it, by name or uuid', async () => {
    for (const ident of [name, uuid]) {
      await refused('cluster', 'show', ident)
      await refused('cluster', 'update', ident, 'replace', 'node_count=3')
      await refused('cluster', 'resize', ident, '3')
      await refused('cluster', 'upgrade', ident, v2)
      await refused('cluster', 'delete', ident)
    }
  })

  it('alt can neither list, show, create, update nor delete its nodegroups', async () => {
    for (const ident of [name, uuid]) {
      await refused('nodegroup', 'list', ident)
      await refused('nodegroup', 'create', ident, 'alt-ng', '--node-count', '1')
    }
    // Each client start costs a second; the cluster by name is covered above.
    for (const group of [ngUuid, 'default-worker']) {
      await refused('nodegroup', 'show', uuid, group)
      await refused('nodegroup', 'update', uuid, group, 'replace', 'max_node_count=9')
      await refused('nodegroup', 'delete', uuid, group)
    }
  })

  it('demo’s cluster and nodegroups are as demo left them', async () => {
    const shown = await json('demo', 'cluster', 'show', uuid)
    expect(shown).toMatchObject({ name, node_count: 1, cluster_template_id: expect.any(String) })
    expect(String(shown.status)).toMatch(/_COMPLETE$/)
    expect(shown.coe_version).toBe('v1.28.9')
    const groups = await json<Record<string, unknown>[]>('demo', 'nodegroup', 'list', name)
    expect(groups.map((g) => g.name).sort()).toEqual(['default-master', 'default-worker', ng])
    const extra = await json('demo', 'nodegroup', 'show', name, ng)
    expect(extra).toMatchObject({ uuid: ngUuid, node_count: 1, status: 'CREATE_COMPLETE' })
    expect(extra.max_node_count).not.toBe(9)
  })
})
