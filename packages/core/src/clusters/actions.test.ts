import { describe, expect, it } from 'vitest'
import { deleteCluster } from './delete'
import { CLUSTER } from './deps'
import { resizeCluster } from './resize'
import {
  completeCluster as complete,
  createFrom,
  failure,
  forceStatus,
  principal,
  template,
  withTemplate,
} from './test-support'
import { upgradeCluster } from './upgrade'

const demo = principal('demo')

describe('resizeCluster', () => {
  it('resizes the default worker, passing nodes_to_remove on', async () => {
    const { f, uuid } = await complete()
    const a = await resizeCluster(
      f.deps,
      demo,
      uuid,
      { node_count: 3, nodes_to_remove: ['n-1'] },
      true
    )
    const worker = a.nodegroups.find((n) => n.name === 'default-worker')
    expect(worker).toMatchObject({ node_count: 3, status: 'UPDATE_IN_PROGRESS' })
    expect(a.cluster.operation?.params).toMatchObject({
      nodegroup_uuid: worker?.uuid,
      node_count: 3,
      nodes_to_remove: ['n-1'],
      rollback: false,
      previous_node_count: 1,
    })
    expect(f.started[0]?.input).toMatchObject({
      kind: 'cluster-update',
      nodegroupUuid: worker?.uuid,
    })
  })

  it('refuses the master nodegroup, counts outside min/max and unknown nodegroups', async () => {
    const { f, uuid } = await complete()
    expect(
      (
        await failure(
          resizeCluster(f.deps, demo, uuid, { node_count: 2, nodegroup: 'default-master' }, true)
        )
      ).message
    ).toBe('Resizing the master nodegroup is not supported by this driver.')
    const worker = [...f.clusters.nodegroups.values()].find((n) => n.name === 'default-worker')
    if (!worker) throw new Error('no worker')
    f.clusters.nodegroups.set(worker.uuid, { ...worker, min_node_count: 1, max_node_count: 3 })
    expect(
      (await failure(resizeCluster(f.deps, demo, uuid, { node_count: 4 }, true))).message
    ).toBe(
      'Resizing default-worker outside the allowed range: min_node_count = 1, max_node_count = 3'
    )
    expect((await failure(resizeCluster(f.deps, demo, uuid, { node_count: 0 }, true))).kind).toBe(
      'invalid'
    )
    expect(
      await failure(resizeCluster(f.deps, demo, uuid, { node_count: 1, nodegroup: 'nope' }, true))
    ).toEqual({
      kind: 'not_found',
      message: 'Nodegroup nope could not be found.',
    })
  })

  it('marks UPDATE_FAILED and restores the count when the workflow cannot start', async () => {
    const { f, uuid } = await complete()
    f.failStart.on = true
    await resizeCluster(f.deps, demo, uuid, { node_count: 5 }, true)
    expect(f.clusters.clusters.get(uuid)).toMatchObject({
      status: 'UPDATE_FAILED',
      status_reason: 'could not start the update workflow: states are down',
      operation: null,
      faults: { 'default-worker': 'could not start the update workflow: states are down' },
    })
    const worker = [...f.clusters.nodegroups.values()].find((n) => n.name === 'default-worker')
    expect(worker).toMatchObject({ node_count: 1, status: 'UPDATE_FAILED' })
  })
})

describe('upgradeCluster', () => {
  it('starts a cluster-upgrade towards another template of the same driver', async () => {
    const { f, uuid } = await complete()
    const next = template({ name: 'k8s-1.29', labels: { kube_tag: 'v1.29.4' } })
    f.templates.set(next.uuid, next)
    const a = await upgradeCluster(f.deps, demo, uuid, {
      cluster_template: 'k8s-1.29',
      max_batch_size: 2,
    })
    expect(a.cluster.operation).toMatchObject({
      kind: 'cluster-upgrade',
      params: { cluster_template_uuid: next.uuid, max_batch_size: 2 },
    })
    expect(a.cluster.cluster_template_id).not.toBe(next.uuid)
  })

  it('refuses another COE or driver (409), and an unknown template (404)', async () => {
    const { f, uuid } = await complete()
    const swarm = template({ name: 'swarm', coe: 'swarm-mode' })
    const ubuntu = template({ name: 'ubuntu', image_id: 'ubuntu', cluster_distro: 'ubuntu' })
    f.templates.set(swarm.uuid, swarm)
    f.templates.set(ubuntu.uuid, ubuntu)
    expect(
      await failure(upgradeCluster(f.deps, demo, uuid, { cluster_template: 'swarm' }))
    ).toEqual({
      kind: 'conflict',
      message:
        "Cluster Template is not valid for upgrade: its coe (swarm-mode) differs from the cluster's (kubernetes).",
    })
    expect(
      (await failure(upgradeCluster(f.deps, demo, uuid, { cluster_template: 'ubuntu' }))).message
    ).toMatch(/selects driver k8s_ubuntu, the cluster runs on driver k8s_fedora-coreos/)
    expect(
      (await failure(upgradeCluster(f.deps, demo, uuid, { cluster_template: 'nope' }))).kind
    ).toBe('not_found')
  })
})

describe('deleteCluster', () => {
  it('moves any cluster to DELETE_IN_PROGRESS once; asking again starts nothing more', async () => {
    const { f, uuid } = await complete()
    forceStatus(f, uuid, 'CREATE_FAILED')
    await deleteCluster(f.deps, demo, uuid, CLUSTER)
    await deleteCluster(f.deps, demo, 'c1', CLUSTER)
    expect(f.started.map((s) => s.input.kind)).toEqual(['cluster-delete'])
    expect(f.clusters.clusters.get(uuid)?.status).toBe('DELETE_IN_PROGRESS')
    for (const n of f.clusters.nodegroups.values()) expect(n.status).toBe('DELETE_IN_PROGRESS')
  })

  it('supersedes a running create', async () => {
    const { f, t } = withTemplate()
    const a = await createFrom(f.deps, t)
    const d = await deleteCluster(f.deps, demo, a.cluster.uuid, CLUSTER)
    expect(d.cluster.operation?.kind).toBe('cluster-delete')
    expect(d.cluster.operation?.id).not.toBe(a.cluster.operation?.id)
  })

  it('records DELETE_FAILED when the delete workflow cannot start, and the next delete retries', async () => {
    const { f, uuid } = await complete()
    f.failStart.on = true
    await deleteCluster(f.deps, demo, uuid, CLUSTER)
    expect(f.clusters.clusters.get(uuid)?.status).toBe('DELETE_FAILED')
    f.failStart.on = false
    await deleteCluster(f.deps, demo, uuid, CLUSTER)
    expect(f.clusters.clusters.get(uuid)?.status).toBe('DELETE_IN_PROGRESS')
  })

  it('admins reach other projects’ clusters; other members do not', async () => {
    const { f, uuid } = await complete()
    expect((await failure(deleteCluster(f.deps, principal('alt'), uuid, CLUSTER))).kind).toBe(
      'not_found'
    )
    await deleteCluster(f.deps, principal('admin'), uuid, CLUSTER)
    expect(f.clusters.clusters.get(uuid)?.status).toBe('DELETE_IN_PROGRESS')
  })
})
