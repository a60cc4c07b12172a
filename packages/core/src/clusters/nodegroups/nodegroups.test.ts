import { describe, expect, it } from 'vitest'
import { completeCluster, failure, forceStatus, principal } from '../test-support'
import { createNodeGroup } from './create'
import { deleteNodeGroup } from './delete'
import { getNodeGroup, listNodeGroups } from './read'
import { updateNodeGroup } from './update'

const demo = principal('demo')

const ready = (apiAddress: string | null = 'https://10.0.0.5:6443') =>
  completeCluster({
    template: { labels: { kube_tag: 'v1.28.9', a: '1' } },
    extra: { api_address: apiAddress },
  })

describe('nodegroups', () => {
  it('create: CREATE_IN_PROGRESS with defaults from the cluster; cluster UPDATE_IN_PROGRESS', async () => {
    const { f, uuid } = await ready()
    const { aggregate, nodegroup } = await createNodeGroup(f.deps, demo, 'c1', {
      name: 'gpu',
      node_count: 2,
      labels: { b: '2' },
      merge_labels: true,
      node_labels: { 'example.com/gpu': 'true' },
      node_taints: [{ key: 'gpu', effect: 'NoSchedule' }],
    })
    expect(nodegroup).toMatchObject({
      name: 'gpu',
      role: 'worker',
      node_count: 2,
      min_node_count: 0,
      max_node_count: null,
      flavor_id: 'm1.small',
      image_id: 'fedora-coreos',
      labels: { kube_tag: 'v1.28.9', a: '1', b: '2' },
      is_default: false,
      status: 'CREATE_IN_PROGRESS',
    })
    expect(aggregate.cluster).toMatchObject({ status: 'UPDATE_IN_PROGRESS' })
    expect(f.started[0]?.input).toMatchObject({
      kind: 'nodegroup-create',
      nodegroupUuid: nodegroup.uuid,
    })
    expect(f.clusters.nodegroups.get(nodegroup.uuid)?.status).toBe('CREATE_IN_PROGRESS')
    const listed = await listNodeGroups(f.deps, demo, uuid, { role: 'worker' })
    expect(listed.page.items.map((n) => n.name).sort()).toEqual(['default-worker', 'gpu'])
  })

  it('create: refuses without an API address, duplicate names, masters and bad bounds', async () => {
    const early = await ready(null)
    expect(await failure(createNodeGroup(early.f.deps, demo, 'c1', { name: 'x' }))).toEqual({
      kind: 'conflict',
      message: 'Cluster API address is not available yet',
    })
    const { f } = await ready()
    expect(
      (await failure(createNodeGroup(f.deps, demo, 'c1', { name: 'default-worker' }))).message
    ).toBe('A node group with name default-worker already exists in the cluster c1.')
    expect(
      (await failure(createNodeGroup(f.deps, demo, 'c1', { name: 'm', role: 'master' }))).message
    ).toBe('Creating master nodegroups is currently not supported.')
    expect(
      (
        await failure(
          createNodeGroup(f.deps, demo, 'c1', { name: 'x', node_count: 1, min_node_count: 2 })
        )
      ).kind
    ).toBe('conflict')
    expect(f.started).toEqual([])
  })

  it('update: min/max saved at once without a workflow; node metadata starts nodegroup-update', async () => {
    const { f } = await ready()
    const bounds = await updateNodeGroup(
      f.deps,
      demo,
      'c1',
      'default-worker',
      [{ op: 'replace', path: '/max_node_count', value: 5 }],
      { nodeMetadata: true }
    )
    expect(bounds.nodegroup).toMatchObject({ max_node_count: 5, status: 'CREATE_COMPLETE' })
    expect(f.started).toEqual([])
    const labelled = await updateNodeGroup(
      f.deps,
      demo,
      'c1',
      'default-worker',
      [{ op: 'replace', path: '/node_labels', value: { tier: 'web' } }],
      { nodeMetadata: true }
    )
    expect(labelled.nodegroup).toMatchObject({
      node_labels: { tier: 'web' },
      status: 'UPDATE_IN_PROGRESS',
    })
    expect(f.started.map((s) => s.input.kind)).toEqual(['nodegroup-update'])
  })

  it('update: only bounds below µ1.14; no taints on masters; counts stay consistent', async () => {
    const { f } = await ready()
    const patch = (ng: string, path: string, value: unknown, nodeMetadata = true) =>
      failure(
        updateNodeGroup(f.deps, demo, 'c1', ng, [{ op: 'replace', path, value }], { nodeMetadata })
      )
    expect((await patch('default-worker', '/node_labels', { a: 'b' }, false)).message).toBe(
      "'/node_labels' is an internal attribute and can not be updated"
    )
    expect((await patch('default-worker', '/node_count', 3)).message).toBe(
      "'/node_count' is an internal attribute and can not be updated"
    )
    expect(
      (await patch('default-master', '/node_taints', [{ key: 'k', effect: 'NoSchedule' }])).message
    ).toMatch(/taints are not supported on master nodegroups/)
    expect((await patch('default-worker', '/min_node_count', 4)).message).toBe(
      'min_node_count for default-worker is invalid (min_node_count (4) should be less or equal to node_count (1)).'
    )
  })

  it('delete: default nodegroups are refused; others go DELETE_IN_PROGRESS once', async () => {
    const { f, uuid } = await ready()
    expect((await failure(deleteNodeGroup(f.deps, demo, uuid, 'default-worker'))).message).toBe(
      'Deleting a default nodegroup is not supported.'
    )
    const { nodegroup } = await createNodeGroup(f.deps, demo, uuid, { name: 'extra' })
    forceStatus(f, uuid, 'UPDATE_COMPLETE')
    await deleteNodeGroup(f.deps, demo, uuid, 'extra')
    await deleteNodeGroup(f.deps, demo, uuid, nodegroup.uuid)
    expect(f.clusters.nodegroups.get(nodegroup.uuid)?.status).toBe('DELETE_IN_PROGRESS')
    expect(f.started.map((s) => s.input.kind)).toEqual(['nodegroup-create', 'nodegroup-delete'])
  })

  it('another project sees none of it', async () => {
    const { f, uuid } = await ready()
    const alt = principal('alt')
    expect((await failure(listNodeGroups(f.deps, alt, uuid, {}))).kind).toBe('not_found')
    expect((await failure(getNodeGroup(f.deps, alt, uuid, 'default-worker'))).kind).toBe(
      'not_found'
    )
    expect((await failure(createNodeGroup(f.deps, alt, uuid, { name: 'x' }))).kind).toBe(
      'not_found'
    )
  })
})
