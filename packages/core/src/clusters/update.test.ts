import { describe, expect, it } from 'vitest'
import type { JsonPatchOp } from '../json-patch/apply'
import type { Principal } from '../principal'
import { BAY, CLUSTER, type ClusterFlavour } from './deps'
import { nodeCount } from './model'
import {
  completeCluster as complete,
  type Fakes,
  failure,
  forceStatus,
  principal,
} from './test-support'
import { updateCluster } from './update'

const demo = principal('demo')
const o = { rollback: false, allowZeroNodes: true }

/** The message a one-operation PATCH of `uuid` is refused with (demo, modern API, `o`). */
const refusal = async (
  f: Fakes,
  uuid: string,
  op: JsonPatchOp,
  x: { who?: Principal; flavour?: ClusterFlavour; options?: typeof o } = {}
) =>
  (
    await failure(
      updateCluster(f.deps, x.who ?? demo, uuid, [op], x.flavour ?? CLUSTER, x.options ?? o)
    )
  ).message

describe('updateCluster (PATCH)', () => {
  it('starts a cluster-update of the default worker for node_count, with rollback and the previous count', async () => {
    const { f, uuid } = await complete()
    const a = await updateCluster(
      f.deps,
      demo,
      'c1',
      [{ op: 'replace', path: '/node_count', value: 4 }],
      CLUSTER,
      { ...o, rollback: true }
    )
    expect(a.cluster.status).toBe('UPDATE_IN_PROGRESS')
    expect(nodeCount(a)).toBe(4)
    const worker = a.nodegroups.find((n) => n.name === 'default-worker')
    expect(worker?.status).toBe('UPDATE_IN_PROGRESS')
    expect(a.cluster.operation).toMatchObject({
      kind: 'cluster-update',
      nodegroup_uuid: worker?.uuid,
      params: {
        nodegroup_uuid: worker?.uuid,
        node_count: 4,
        nodes_to_remove: [],
        rollback: true,
        previous_node_count: 1,
      },
    })
    expect(f.started.map((s) => s.input.kind)).toEqual(['cluster-update'])
    expect(f.clusters.clusters.get(uuid)?.status).toBe('UPDATE_IN_PROGRESS')
  })

  it('saves health alone directly, with no workflow and no status change; python literals accepted', async () => {
    const { f, uuid } = await complete()
    await updateCluster(
      f.deps,
      demo,
      uuid,
      [
        { op: 'replace', path: '/health_status', value: 'HEALTHY' },
        { op: 'replace', path: '/health_status_reason', value: "{'api': 'ok'}" },
      ],
      CLUSTER,
      o
    )
    expect(f.clusters.clusters.get(uuid)).toMatchObject({
      status: 'CREATE_COMPLETE',
      health_status: 'HEALTHY',
      health_status_reason: { api: 'ok' },
    })
    expect(f.started).toEqual([])
  })

  it('refuses anything but node_count and health, internal attributes, and zero nodes before µ1.10', async () => {
    const { f, uuid } = await complete()
    const patch = (path: string, value: unknown, op: 'replace' | 'remove' = 'replace') =>
      refusal(f, uuid, { op, path, value })
    expect(await patch('/name', 'other')).toBe('cannot change cluster property(ies) name.')
    expect(await patch('/labels/kube_tag', 'v1.30.0')).toBe(
      'cannot change cluster property(ies) labels.'
    )
    expect(await patch('/stack_id', 'x')).toBe(
      "'/stack_id' is an internal attribute and can not be updated"
    )
    expect(await patch('/cluster_template_id', undefined, 'remove')).toBe(
      "'/cluster_template_id' is a mandatory attribute and can not be removed"
    )
    expect(await patch('/health_status', 'GREAT')).toMatch(
      /^Invalid input for field\/attribute health_status\./
    )
    expect(
      await refusal(
        f,
        uuid,
        { op: 'replace', path: '/node_count', value: 0 },
        { options: { ...o, allowZeroNodes: false } }
      )
    ).toBe('Resizing a nodegroup to zero is not supported in the provided microversion.')
  })

  it('takes counts as strings, the way CLIs send them, and a count unchanged is no change', async () => {
    const { f, uuid } = await complete()
    const patch = (value: string) =>
      updateCluster(f.deps, demo, uuid, [{ op: 'replace', path: '/node_count', value }], CLUSTER, o)
    await patch('1')
    expect(f.started).toEqual([])
    const a = await patch('2')
    expect(nodeCount(a)).toBe(2)
    expect(f.started.map((s) => s.input.kind)).toEqual(['cluster-update'])
  })

  it('gates node_count on the COMPLETE family and on no running operation', async () => {
    const { f, uuid } = await complete()
    forceStatus(f, uuid, 'UPDATE_FAILED')
    expect(await refusal(f, uuid, { op: 'replace', path: '/node_count', value: 2 })).toBe(
      'Updating a cluster when status is "UPDATE_FAILED" is not supported.'
    )
  })

  it('bays patch under their own names and cannot reach health', async () => {
    const { f, uuid } = await complete()
    expect(
      await refusal(
        f,
        uuid,
        { op: 'replace', path: '/bay_create_timeout', value: 5 },
        { flavour: BAY }
      )
    ).toBe('cannot change cluster property(ies) create_timeout.')
    expect(
      await refusal(
        f,
        uuid,
        { op: 'add', path: '/health_status', value: 'HEALTHY' },
        { flavour: BAY }
      )
    ).toBe('Adding a new attribute /health_status to the root of the resource is not allowed.')
  })

  it('another project’s cluster is not found', async () => {
    const { f, uuid } = await complete()
    expect(
      await refusal(
        f,
        uuid,
        { op: 'replace', path: '/node_count', value: 2 },
        { who: principal('alt') }
      )
    ).toBe(`Cluster ${uuid} could not be found.`)
  })
})
