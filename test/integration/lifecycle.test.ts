import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, type RunningBerth, startBerth } from '../support/berth'
import { clearFaults, cloudInventory } from '../support/cloud'
import {
  type ClusterView,
  createCluster,
  createTemplate,
  deleteCluster,
  SEEDED,
  waitFor,
} from './lifecycle-support'

/**
 * End to end, per COE: the real API, the real ASL state machines on the local runner, the
 * drivers' real Heat templates on the development cloud. Nothing is recorded or faked.
 */
/** The Kubernetes cases differ in image and network driver; each upgrades 1.28 to 1.29. */
const kubernetes = (name: string, image_id: string, network_driver: string) => ({
  name,
  template: { coe: 'kubernetes', image_id, network_driver, labels: { kube_tag: 'v1.28.9' } },
  upgradeLabels: { kube_tag: 'v1.29.4' },
})

const COES = [
  kubernetes('kubernetes on Fedora CoreOS', 'fedora-coreos', 'flannel'),
  kubernetes('kubernetes on Ubuntu (kubeadm, calico)', 'ubuntu-jammy', 'calico'),
  {
    name: 'Docker Swarm mode',
    template: {
      coe: 'swarm-mode',
      image_id: 'fedora-coreos',
      labels: { docker_version: '24.0.7' },
    },
    upgradeLabels: { docker_version: '25.0.3' },
  },
  {
    name: 'Mesos',
    template: { coe: 'mesos', image_id: 'ubuntu-jammy', labels: { mesos_version: '1.11.0' } },
    upgradeLabels: { mesos_version: '1.11.1' },
  },
]

let berth: RunningBerth
beforeAll(async () => {
  berth = await startBerth()
})
afterEach(async () => {
  await clearFaults()
})
afterAll(async () => berth?.stop())

describe.each(COES)('Lifecycle: $name', (coe) => {
  it('creates, resizes, upgrades, adds and removes a nodegroup, deletes, and leaves nothing behind', async () => {
    const before = await cloudInventory('demo')
    const v1 = await createTemplate('demo', {
      ...SEEDED,
      ...coe.template,
      name: `${coe.template.coe}-v1`,
    })
    const v2 = await createTemplate('demo', {
      ...SEEDED,
      ...coe.template,
      name: `${coe.template.coe}-v2`,
      labels: { ...coe.template.labels, ...coe.upgradeLabels },
    })

    // Create: the record exists (CREATE_IN_PROGRESS) before the answer, then completes.
    const uuid = await createCluster('demo', {
      name: 'life-1',
      cluster_template_id: v1,
      node_count: 1,
      master_count: 1,
    })
    let c: ClusterView = (await api('demo').get<ClusterView>(`/v1/clusters/${uuid}`)).body
    expect(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']).toContain(c.status)
    c = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('CREATE_COMPLETE')
    expect(c.api_address).toBeTruthy()
    expect(c.master_addresses).toHaveLength(1)
    expect(c.node_addresses).toHaveLength(1)
    expect(c.cluster_id).toBeTruthy()
    // The cloud really holds the cluster: its stack and one server per node.
    const during = await cloudInventory('demo')
    expect(during.stacks?.length).toBe((before.stacks?.length ?? 0) + 1)
    expect(during.servers?.length).toBe((before.servers?.length ?? 0) + 2)
    expect(during.ports?.length ?? 0).toBeGreaterThan(before.ports?.length ?? 0)

    // Resize the default workers to 2.
    expect(
      (await api('demo').post(`/v1/clusters/${uuid}/actions/resize`, { node_count: 2 })).status
    ).toBe(202)
    c = await waitFor('demo', uuid, (x) => x.status !== 'UPDATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('UPDATE_COMPLETE')
    expect(c.node_count).toBe(2)
    expect(c.node_addresses).toHaveLength(2)

    // Upgrade to the second template.
    const up = await api('demo').post(`/v1/clusters/${uuid}/actions/upgrade`, {
      cluster_template: v2,
      max_batch_size: 1,
    })
    expect(up.status, up.text).toBe(202)
    c = await waitFor('demo', uuid, (x) => x.status !== 'UPDATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('UPDATE_COMPLETE')
    expect(c.cluster_template_id).toBe(v2)

    // Add a nodegroup, then remove it.
    const ng = await api('demo').post<{ uuid: string }>(`/v1/clusters/${uuid}/nodegroups`, {
      name: 'extra',
      node_count: 1,
    })
    expect(ng.status, ng.text).toBe(202)
    c = await waitFor('demo', uuid, (x) => x.status !== 'UPDATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('UPDATE_COMPLETE')
    const extra = await api('demo').get<{ status: string; node_count: number }>(
      `/v1/clusters/${uuid}/nodegroups/extra`
    )
    expect(extra.body.status).toBe('CREATE_COMPLETE')
    expect((await api('demo').delete(`/v1/clusters/${uuid}/nodegroups/extra`)).status).toBe(204)
    c = await waitFor('demo', uuid, (x) => x.status !== 'UPDATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('UPDATE_COMPLETE')
    expect((await api('demo').get(`/v1/clusters/${uuid}/nodegroups/extra`)).status).toBe(404)

    // Delete: 204 at once, then the cluster is gone and so is everything it made.
    await deleteCluster('demo', uuid)
    expect(await cloudInventory('demo')).toEqual(before)
    for (const t of [v1, v2])
      expect((await api('demo').delete(`/v1/clustertemplates/${t}`)).status).toBe(204)
  })
})
