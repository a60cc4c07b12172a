import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type RunningBerth, startBerth } from '../support/berth'
import { addFault, clearFaults } from '../support/cloud'
import { createCluster, createTemplate, deleteCluster, waitFor } from './lifecycle-support'

/**
 * PATCH node_count with and without `?rollback=True` (µ1.3) when the new node cannot be built:
 * Heat is asked to roll the update back or not, and the cluster ends as Magnum shows it —
 * the stack's ROLLBACK_* status, or UPDATE_FAILED — at the node count it had.
 */
let berth: RunningBerth
let template = ''
beforeAll(async () => {
  berth = await startBerth()
  template = await createTemplate('demo', {
    name: 'rollback',
    coe: 'kubernetes',
    image_id: 'fedora-coreos',
    external_network_id: 'public',
    flavor_id: 'm1.small',
    master_flavor_id: 'm1.medium',
    keypair_id: 'demo-key',
    network_driver: 'flannel',
    labels: { kube_tag: 'v1.28.9' },
  })
})
afterAll(async () => {
  await clearFaults()
  await api('demo').delete(`/v1/clustertemplates/${template}`)
  await berth?.stop()
})

const grow = [{ op: 'replace', path: '/node_count', value: 2 }]

describe('Lifecycle: PATCH ?rollback', () => {
  it.each([
    { rollback: 'True', ends: /^ROLLBACK_(COMPLETE|FAILED)$/ },
    { rollback: 'False', ends: /^UPDATE_FAILED$/ },
  ])('rollback=$rollback: a failed scale-up ends $ends at the old count', async (t) => {
    const uuid = await createCluster('demo', {
      name: `rb-${t.rollback}`,
      cluster_template_id: template,
    })
    await waitFor('demo', uuid, (c) => c.status === 'CREATE_COMPLETE')
    // Only workers use m1.small: the new worker goes to ERROR, the master is untouched.
    await addFault({ kind: 'no-valid-host', flavors: ['m1.small'] })
    const r = await api('demo').patch(`/v1/clusters/${uuid}?rollback=${t.rollback}`, grow)
    expect(r.status, r.text).toBe(202)
    const c = await waitFor('demo', uuid, (x) => !x.status.endsWith('_IN_PROGRESS'))
    expect(c.status).toMatch(t.ends)
    expect(c.status_reason).toContain('No valid host')
    expect(c.node_count).toBe(1)
    const worker = await api('demo').get<{ status: string; node_count: number }>(
      `/v1/clusters/${uuid}/nodegroups/default-worker`
    )
    expect(worker.body).toMatchObject({ node_count: 1 })
    expect(worker.body.status).toMatch(t.ends)
    await clearFaults()
    await deleteCluster('demo', uuid)
  })
})
