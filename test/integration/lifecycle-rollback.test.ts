import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, type RunningBerth, startBerth } from '../support/berth'
import { addFault, clearFaults, removeFault } from '../support/cloud'
import { createCluster, createK8sTemplate, deleteCluster, waitFor } from './lifecycle-support'

/**
 * PATCH node_count with and without `?rollback=True` (µ1.3) when the new node cannot be built:
 * Heat is asked to roll the update back or not, and the cluster ends as Magnum shows it —
 * the stack's ROLLBACK_* status, or UPDATE_FAILED — at the node count it had.
 */
let berth: RunningBerth
let template = ''
beforeAll(async () => {
  berth = await startBerth()
  template = await createK8sTemplate('demo', 'rollback', {
    network_driver: 'flannel',
    labels: { kube_tag: 'v1.28.9' },
  })
})
afterEach(async () => {
  // A failed case must not leave its faults to the next one.
  await clearFaults()
})
afterAll(async () => {
  await clearFaults()
  await api('demo').delete(`/v1/clustertemplates/${template}`)
  await berth?.stop()
})

const grow = [{ op: 'replace', path: '/node_count', value: 2 }]

describe('Lifecycle: PATCH ?rollback', () => {
  it.each([
    { rollback: 'True', ends: /^ROLLBACK_(COMPLETE|FAILED)$/, during: 'ROLLBACK_IN_PROGRESS' },
    { rollback: 'False', ends: /^UPDATE_FAILED$/, during: 'UPDATE_IN_PROGRESS' },
  ])('rollback=$rollback: a failed scale-up ends $ends at the old count', async (t) => {
    const uuid = await createCluster('demo', {
      name: `rb-${t.rollback}`,
      cluster_template_id: template,
    })
    await waitFor('demo', uuid, (c) => c.status === 'CREATE_COMPLETE')
    // Only workers use m1.small: the new worker goes to ERROR, the master is untouched.
    await addFault({ kind: 'no-valid-host', flavors: ['m1.small'] })
    // Heat's rollback is held until the test has seen the cluster report it.
    const hold =
      t.rollback === 'True'
        ? await addFault({ kind: 'stuck-stack', stackName: '^rb-true-', actions: ['ROLLBACK'] })
        : undefined
    const r = await api('demo').patch(`/v1/clusters/${uuid}?rollback=${t.rollback}`, grow)
    expect(r.status, r.text).toBe(202)
    const seen = new Set<string>()
    const during = await waitFor('demo', uuid, (x) => {
      seen.add(x.status)
      return x.status === t.during || !x.status.endsWith('_IN_PROGRESS')
    })
    if (hold) {
      // While Heat undoes the update the cluster says so, with Heat's reason, as Magnum's does.
      expect(during.status).toBe('ROLLBACK_IN_PROGRESS')
      expect(during.status_reason).toMatch(/^Stack rb-true-\w+ ROLLBACK_IN_PROGRESS: \S/)
      await removeFault(String((hold.fault as { id: string }).id))
    }
    const c = await waitFor('demo', uuid, (x) => {
      seen.add(x.status)
      return !x.status.endsWith('_IN_PROGRESS')
    })
    expect(c.status).toMatch(t.ends)
    expect(seen.has('ROLLBACK_IN_PROGRESS')).toBe(t.rollback === 'True')
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
