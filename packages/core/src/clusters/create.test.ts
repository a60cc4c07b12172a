import { describe, expect, it } from 'vitest'
import { createCluster, ZERO_NODES_UNSUPPORTED } from './create'
import { BAY, CLUSTER } from './deps'
import type { ClusterInput } from './input'
import { masterCount, nodeCount } from './model'
import {
  type Fakes,
  failure,
  LATEST as latest,
  principal,
  withTemplate as setup,
} from './test-support'

const demo = principal('demo')
const zed = { allowZeroNodes: false, templateMissingIsInvalid: true }

const create = (f: Fakes, input: ClusterInput, o = latest, who = demo) =>
  createCluster(f.deps, who, input, CLUSTER, o)

describe('createCluster', () => {
  it('writes CREATE_IN_PROGRESS with Magnum defaults, default nodegroups, credential and operation, then starts', async () => {
    const { f, t } = setup({ labels: { kube_tag: 'v1.28.9', min_node_count: '2' } })
    const a = await create(f, { cluster_template_id: t.name, name: 'c1', node_count: 3 })
    const c = a.cluster
    expect(c).toMatchObject({
      name: 'c1',
      status: 'CREATE_IN_PROGRESS',
      cluster_template_id: t.uuid,
      cluster_template_project_id: t.project_id,
      keypair: 'demo-key',
      flavor_id: 'm1.small',
      master_flavor_id: 'm1.medium',
      create_timeout: 60,
      labels: { kube_tag: 'v1.28.9', min_node_count: '2' },
      floating_ip_enabled: true,
      master_lb_enabled: false,
    })
    expect(nodeCount(a)).toBe(3)
    expect(masterCount(a)).toBe(1)
    const worker = a.nodegroups.find((n) => n.name === 'default-worker')
    expect(worker).toMatchObject({ role: 'worker', min_node_count: 2, is_default: true })
    expect(a.nodegroups.find((n) => n.name === 'default-master')?.flavor_id).toBe('m1.medium')

    expect(c.credential).toMatchObject({
      kind: 'application_credential',
      id: 'cred-1',
      name: `berth-cluster-${c.uuid}`,
      sealed_secret: `sealed:${c.uuid}:secret-cred-1`,
    })
    const op = c.operation
    expect(op?.kind).toBe('cluster-create')
    expect(Date.parse(op?.deadline_at ?? '') - Date.parse(op?.started_at ?? '')).toBe(3_600_000)
    expect(f.started).toEqual([
      {
        name: op?.execution,
        input: {
          projectId: demo.projectId,
          clusterUuid: c.uuid,
          operationId: op?.id,
          kind: 'cluster-create',
          nodegroupUuid: null,
        },
      },
    ])
    expect(f.clusters.clusters.get(c.uuid)?.status).toBe('CREATE_IN_PROGRESS')
  })

  it('generates a name, merges labels on request and takes create_timeout for the deadline', async () => {
    const { f, t } = setup({ labels: { a: '1', b: '2' } })
    const a = await create(f, {
      cluster_template_id: t.uuid,
      labels: { b: '3', c: '4' },
      merge_labels: true,
      create_timeout: 15,
    })
    expect(a.cluster.name).toMatch(/^[a-z]+-\d\d-cluster$/)
    expect(a.cluster.labels).toEqual({ a: '1', b: '3', c: '4' })
    const op = a.cluster.operation
    expect(Date.parse(op?.deadline_at ?? '') - Date.parse(op?.started_at ?? '')).toBe(15 * 60_000)
  })

  it('answers an unknown template with 400 below µ1.10 and 404 from µ1.10', async () => {
    const { f } = setup()
    const input = { cluster_template_id: 'nope' }
    expect(await failure(create(f, input, zed))).toEqual({
      kind: 'invalid',
      message: 'ClusterTemplate nope could not be found.',
    })
    expect((await failure(create(f, input, latest))).kind).toBe('not_found')
  })

  it('checks in Magnum’s order: driver, volume size, zero nodes, policy, quota, cloud, masters', async () => {
    const noDriver = setup({ coe: 'mesos' })
    expect(
      (
        await failure(
          create(noDriver.f, { cluster_template_id: noDriver.t.uuid, node_count: 0 }, zed)
        )
      ).message
    ).toBe('Cluster type (vm, fedora-coreos, mesos) not supported.')

    const dm = setup({ docker_storage_driver: 'devicemapper' })
    expect(
      (await failure(create(dm.f, { cluster_template_id: dm.t.uuid, node_count: 0 }, zed))).message
    ).toBe(
      'docker volume size None GB is not valid, expecting minimum value 3GB for devicemapper storage driver.'
    )

    const { f, t } = setup({}, 0)
    expect(
      (await failure(create(f, { cluster_template_id: t.uuid, node_count: 0, keypair: 'x' }, zed)))
        .message
    ).toBe(ZERO_NODES_UNSUPPORTED)
    expect(
      (await failure(create(f, { cluster_template_id: t.uuid, keypair: 'x', master_count: 3 })))
        .message
    ).toMatch(/^Resource limit exceeded: You have reached the maximum clusters per project, 0\./)

    const ok = setup()
    const keypair = await failure(
      create(ok.f, { cluster_template_id: ok.t.uuid, keypair: 'x', master_count: 3 })
    )
    expect(keypair).toEqual({ kind: 'not_found', message: 'Unable to find keypair x.' })
    expect(
      (await failure(create(ok.f, { cluster_template_id: ok.t.uuid, master_count: 3 }))).message
    ).toBe('master_count must be 1 when master_lb_enabled is False')
    expect(ok.f.issued).toEqual([])
    expect(ok.f.clusters.clusters.size).toBe(0)
  })

  it('allows several masters behind a load balancer and zero workers from µ1.10', async () => {
    const { f, t } = setup()
    const a = await create(f, {
      cluster_template_id: t.uuid,
      master_count: 3,
      master_lb_enabled: true,
      node_count: 0,
    })
    expect([masterCount(a), nodeCount(a)]).toEqual([3, 0])
  })

  it('writes nothing when the credential cannot be issued', async () => {
    const { f, t } = setup()
    f.failIssue.on = true
    expect((await failure(create(f, { cluster_template_id: t.uuid }))).message).toBe(
      'keystone says no'
    )
    expect(f.clusters.clusters.size).toBe(0)
    expect(f.started).toEqual([])
  })

  it('refuses callers without a Keystone token before issuing anything', async () => {
    const { f, t } = setup()
    const oidc = { ...demo, authMethod: 'oidc' as const, token: undefined }
    expect((await failure(create(f, { cluster_template_id: t.uuid }, latest, oidc))).kind).toBe(
      'forbidden'
    )
    expect(f.clusters.clusters.size).toBe(0)
  })

  it('marks the cluster CREATE_FAILED when the workflow cannot start, and keeps the credential for delete', async () => {
    const { f, t } = setup()
    f.failStart.on = true
    const a = await create(f, { cluster_template_id: t.uuid, name: 'c' })
    const stored = f.clusters.clusters.get(a.cluster.uuid)
    expect(stored).toMatchObject({
      status: 'CREATE_FAILED',
      status_reason: 'could not start the create workflow: states are down',
      operation: null,
    })
    expect(stored?.credential?.id).toBe('cred-1')
    expect(f.revoked).toEqual([])
    for (const n of f.clusters.nodegroups.values()) expect(n.status).toBe('CREATE_FAILED')
  })

  it('with an Idempotency-Key, a repeated create answers with the same cluster', async () => {
    const { f, t } = setup()
    const o = { ...latest, idempotencyKey: 'webhook-42' }
    const first = await create(f, { cluster_template_id: t.uuid }, o)
    const again = await create(f, { cluster_template_id: t.uuid }, o)
    expect(again.cluster.uuid).toBe(first.cluster.uuid)
    expect(f.clusters.clusters.size).toBe(1)
    expect(f.issued).toHaveLength(1)
    const other = await create(f, { cluster_template_id: t.uuid }, latest)
    expect(other.cluster.uuid).not.toBe(first.cluster.uuid)
  })

  it('bays take the baymodel’s keypair and are named …-bay', async () => {
    const { f, t } = setup()
    const a = await createCluster(f.deps, demo, { cluster_template_id: t.uuid }, BAY, zed)
    expect(a.cluster.keypair).toBe('demo-key')
    expect(a.cluster.name).toMatch(/-bay$/)
  })

  it('a project cannot use another project’s private template', async () => {
    const { f, t } = setup()
    expect(
      (await failure(create(f, { cluster_template_id: t.uuid }, latest, principal('alt')))).kind
    ).toBe('not_found')
  })
})
