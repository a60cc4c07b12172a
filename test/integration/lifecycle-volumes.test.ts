import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBerth, startBerth } from '../support/berth'
import { cloudInventory } from '../support/cloud'
import { createCluster, createK8sTemplate, deleteCluster, waitFor } from './lifecycle-support'

let berth: RunningBerth
beforeAll(async () => {
  berth = await startBerth()
})
afterAll(async () => berth?.stop())

describe('Lifecycle with docker_volume_size', () => {
  it('gives every node a Cinder volume while the cluster lives, and deletes them with it', async () => {
    const before = await cloudInventory('demo')
    const template = await createK8sTemplate('demo', 'k8s-volumes', { docker_volume_size: 5 })
    const uuid = await createCluster('demo', {
      name: 'with-volumes',
      cluster_template_id: template,
      master_count: 1,
      node_count: 2,
    })
    const created = await waitFor('demo', uuid, (c) => !c.status.endsWith('_IN_PROGRESS'))
    expect(created.status, created.status_reason ?? '').toBe('CREATE_COMPLETE')
    const during = await cloudInventory('demo')
    const volumes = (during.volumes ?? []).filter((id) => !(before.volumes ?? []).includes(id))
    // One docker volume per node: the master and both workers.
    expect(volumes).toHaveLength(3)
    await deleteCluster('demo', uuid)
    expect(await cloudInventory('demo')).toEqual(before)
  })
})
