import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEEDED } from '../integration/lifecycle-support'
import { type RunningBerth, startBerth } from '../support/berth'
import {
  decodeGo,
  GoCertificate,
  GoCluster,
  GoClusterId,
  GoClusterTemplate,
  GoNodeGroupFull,
  GoNodeGroupPage,
  goParsesTime,
} from './gophercloud-shapes'
import {
  DEFAULT_DELETE_OK,
  expectOk,
  gopher,
  MV,
  terraformCsr,
  waitForState,
} from './terraform-client'

/**
 * terraform-provider-openstack's containerinfra resources and data sources, replayed on the
 * wire as the provider drives gophercloud v2: the same paths, bodies, microversion headers and
 * accepted status codes, the same polling, every answer decoded by the rules of Go's
 * json.Unmarshal into gophercloud's structs. The workflows really run against the development
 * cloud. (No Go or Terraform here: this is the provider's sequence, not the provider.)
 */

const run = Date.now().toString(36)
const names = {
  template: `tf-ct-${run}`,
  renamed: `tf-ct-renamed-${run}`,
  upgrade: `tf-ct-v2-${run}`,
  cluster: `tf-cluster-${run}`,
  nodegroup: `tf-ng-${run}`,
}

let berth: RunningBerth
const ids = { template: '', upgrade: '', cluster: '', nodegroup: '' }
const tf = (mv?: string) => gopher('demo', mv)

/** resourceContainerInfraClusterTemplateV1Create's body (v2 CreateOpts, pointers sent). */
const templateBody = (name: string, kubeTag: string) => ({
  coe: 'kubernetes',
  image_id: 'fedora-coreos',
  name,
  external_network_id: SEEDED.external_network_id,
  flavor_id: SEEDED.flavor_id,
  master_flavor_id: SEEDED.master_flavor_id,
  keypair_id: SEEDED.keypair_id,
  network_driver: 'flannel',
  docker_storage_driver: 'overlay2',
  apiserver_port: 6443,
  labels: { kube_tag: kubeTag },
  floating_ip_enabled: true,
  master_lb_enabled: false,
  public: false,
  registry_enabled: false,
  tls_disabled: false,
})

/** The provider's template create then read: POST 201, GET 200, both decoded. */
const createTemplateTheProviderWay = async (name: string, kubeTag: string): Promise<string> => {
  const created = await tf().post('/v1/clustertemplates', templateBody(name, kubeTag))
  expectOk(created, [201])
  const { uuid } = decodeGo(GoClusterTemplate, created.body, 'template create')
  const read = await tf().get(`/v1/clustertemplates/${uuid}`)
  expectOk(read, [200])
  decodeGo(GoClusterTemplate, read.body, 'template read')
  return uuid
}

/** resourceContainerInfraClusterV1Read: cluster, default worker's count, CA, signed client cert. */
const readClusterTheProviderWay = async (uuid: string) => {
  const got = await tf().get(`/v1/clusters/${uuid}`)
  expectOk(got, [200])
  const cluster = decodeGo(GoCluster, got.body, 'cluster read')

  // getDefaultNodegroupNodeCount sets µ1.9 on the client, which the kubeconfig calls then share.
  const list = await tf(MV.nodeGroups).get(`/v1/clusters/${uuid}/nodegroups`)
  expectOk(list, [200])
  const page = decodeGo(GoNodeGroupPage, list.body, 'nodegroup list')
  const worker = page.nodegroups.find((n) => n.is_default && n.role !== 'master')
  expect(worker, 'the default worker nodegroup').toBeDefined()

  const ca = await tf(MV.nodeGroups).get(`/v1/certificates/${uuid}`)
  expectOk(ca, [200])
  const caCert = decodeGo(GoCertificate, ca.body, 'certificate get')
  expect(caCert.pem).toMatch(/^-----BEGIN CERTIFICATE-----/)

  const signed = await tf(MV.nodeGroups).post('/v1/certificates', {
    cluster_uuid: uuid,
    csr: terraformCsr(),
  })
  expectOk(signed, [201])
  const client = decodeGo(GoCertificate, signed.body, 'certificate create')
  expect(client.pem).toMatch(/^-----BEGIN CERTIFICATE-----/)
  return { cluster, nodeCount: worker?.node_count }
}

const clusterRefresh = (uuid: string) => () => tf().get(`/v1/clusters/${uuid}`)
const nodegroupRefresh = (cluster: string, ng: string) => () =>
  tf(MV.nodeGroups).get(`/v1/clusters/${cluster}/nodegroups/${ng}`)

beforeAll(async () => {
  berth = await startBerth()
})
afterAll(async () => berth?.stop())

describe('Terraform containerinfra resources over gophercloud v2', () => {
  it('clustertemplate: create (201) and read decode; update sends string values, labels as a dict repr', async () => {
    ids.template = await createTemplateTheProviderWay(names.template, 'v1.28.9')

    // resourceContainerInfraClusterTemplateV1Update: every value a string (strconv), a dict
    // repr for labels (provider ≥ 1.49, PR #1455), `remove` for a value emptied in config.
    const patch = [
      { op: 'replace', path: '/name', value: names.renamed },
      { op: 'replace', path: '/apiserver_port', value: '8443' },
      { op: 'replace', path: '/dns_nameserver', value: '8.8.8.8' },
      { op: 'replace', path: '/master_lb_enabled', value: 'true' },
      { op: 'replace', path: '/labels', value: "{'kube_tag':'v1.28.9','tf':'yes'}" },
      { op: 'remove', path: '/docker_storage_driver' },
    ]
    const updated = await tf().patch(`/v1/clustertemplates/${ids.template}`, patch)
    expectOk(updated, [200, 202])
    decodeGo(GoClusterTemplate, updated.body, 'template update')

    const read = await tf().get(`/v1/clustertemplates/${ids.template}`)
    expectOk(read, [200])
    const t = decodeGo(GoClusterTemplate, read.body, 'template read after update')
    expect(t).toMatchObject({
      name: names.renamed,
      apiserver_port: 8443,
      dns_nameserver: '8.8.8.8',
      master_lb_enabled: true,
      labels: { kube_tag: 'v1.28.9', tf: 'yes' },
    })
    expect(t.docker_storage_driver ?? null).toBeNull()
    expect(goParsesTime(String(t.updated_at)), 'updated_at is set and RFC 3339').toBe(true)
    // Back to what the rest of the run expects of a cluster's template.
    const back = await tf().patch(`/v1/clustertemplates/${ids.template}`, [
      { op: 'replace', path: '/name', value: names.template },
      { op: 'replace', path: '/master_lb_enabled', value: 'false' },
    ])
    expectOk(back, [200, 202])
  })

  it('cluster: create (202, no microversion, create_timeout null) polls CREATE_IN_PROGRESS → CREATE_COMPLETE', async () => {
    // v2 CreateOpts: create_timeout has no omitempty (null when unset in config), name none.
    const created = await tf().post('/v1/clusters', {
      cluster_template_id: ids.template,
      create_timeout: null,
      keypair: SEEDED.keypair_id,
      labels: { kube_tag: 'v1.28.9', tf_cluster: 'yes' },
      master_count: 1,
      name: names.cluster,
      node_count: 1,
      merge_labels: true,
    })
    expectOk(created, [202])
    ids.cluster = decodeGo(GoClusterId, created.body, 'cluster create').uuid

    const seen = await waitForState({
      pending: ['CREATE_IN_PROGRESS'],
      target: 'CREATE_COMPLETE',
      refresh: clusterRefresh(ids.cluster),
    })
    expect(seen).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'])
  })

  it('cluster: read decodes every field the provider sets, kubeconfig calls included', async () => {
    const { cluster: c, nodeCount } = await readClusterTheProviderWay(ids.cluster)
    expect(c).toMatchObject({
      uuid: ids.cluster,
      name: names.cluster,
      cluster_template_id: ids.template,
      keypair: SEEDED.keypair_id,
      master_count: 1,
      node_count: 1,
      status: 'CREATE_COMPLETE',
    })
    expect(nodeCount).toBe(1)
    expect(c.labels).toMatchObject({ kube_tag: 'v1.28.9', tf_cluster: 'yes' })
    expect(c.api_address).toMatch(/^https:\/\//)
    expect(c.master_addresses?.length).toBe(1)
    expect(c.node_addresses?.length).toBe(1)
    // Without a header Berth answers at µ1.1, where the Heat stack is still `stack_id`.
    expect(c.stack_id).toEqual(expect.any(String))
  })

  it('data sources: cluster, template and nodegroup got by name', async () => {
    const c = await tf().get(`/v1/clusters/${names.cluster}`)
    expectOk(c, [200])
    expect(decodeGo(GoCluster, c.body, 'cluster data source').uuid).toBe(ids.cluster)

    const t = await tf().get(`/v1/clustertemplates/${names.template}`)
    expectOk(t, [200])
    expect(decodeGo(GoClusterTemplate, t.body, 'template data source').uuid).toBe(ids.template)

    const ng = await tf(MV.nodeGroups).get(`/v1/clusters/${ids.cluster}/nodegroups/default-worker`)
    expectOk(ng, [200])
    expect(decodeGo(GoNodeGroupFull, ng.body, 'nodegroup data source')).toMatchObject({
      name: 'default-worker',
      is_default: true,
      role: 'worker',
    })
  })

  it('cluster: node_count changes by PATCH replace with an int value (200/202), then UPDATE_COMPLETE', async () => {
    const r = await tf().patch(`/v1/clusters/${ids.cluster}`, [
      { op: 'replace', path: '/node_count', value: 2 },
    ])
    expectOk(r, [200, 202])
    expect(decodeGo(GoClusterId, r.body, 'cluster update').uuid).toBe(ids.cluster)
    // The v2 provider waits through any state; older ones wanted UPDATE_IN_PROGRESS first.
    const seen = await waitForState({
      pending: ['UPDATE_IN_PROGRESS'],
      target: 'UPDATE_COMPLETE',
      refresh: clusterRefresh(ids.cluster),
    })
    expect(seen[0]).toBe('UPDATE_IN_PROGRESS')
    const { cluster, nodeCount } = await readClusterTheProviderWay(ids.cluster)
    expect(nodeCount).toBe(2)
    expect(cluster.node_addresses?.length).toBe(2)
  })

  it('nodegroup: create at µ1.9 (202) polls to CREATE_COMPLETE and reads back', async () => {
    const r = await tf(MV.nodeGroups).post(`/v1/clusters/${ids.cluster}/nodegroups`, {
      name: names.nodegroup,
      labels: { tf_ng: 'yes' },
      node_count: 1,
      min_node_count: 1,
      max_node_count: 3,
      role: 'worker',
      merge_labels: true,
    })
    expectOk(r, [202])
    ids.nodegroup = decodeGo(GoNodeGroupFull, r.body, 'nodegroup create').uuid

    await waitForState({
      pending: ['CREATE_IN_PROGRESS'],
      target: 'CREATE_COMPLETE',
      refresh: nodegroupRefresh(ids.cluster, ids.nodegroup),
    })
    const got = await nodegroupRefresh(ids.cluster, ids.nodegroup)()
    expectOk(got, [200])
    expect(decodeGo(GoNodeGroupFull, got.body, 'nodegroup read')).toMatchObject({
      uuid: ids.nodegroup,
      name: names.nodegroup,
      cluster_id: ids.cluster,
      node_count: 1,
      min_node_count: 1,
      max_node_count: 3,
      role: 'worker',
      is_default: false,
    })
  })

  it('nodegroup: min/max by PATCH (202), node_count by the cluster resize action (202)', async () => {
    const path = `/v1/clusters/${ids.cluster}/nodegroups/${ids.nodegroup}`
    const patched = await tf(MV.nodeGroups).patch(path, [
      { op: 'replace', path: '/max_node_count', value: 4 },
      { op: 'replace', path: '/min_node_count', value: 1 },
    ])
    expectOk(patched, [202])
    expect(decodeGo(GoNodeGroupFull, patched.body, 'nodegroup update').max_node_count).toBe(4)

    // max_node_count dropped from config: a `remove`, leaving gophercloud's *int nil.
    const removed = await tf(MV.nodeGroups).patch(path, [{ op: 'remove', path: '/max_node_count' }])
    expectOk(removed, [202])
    expect(decodeGo(GoNodeGroupFull, removed.body, 'nodegroup update').max_node_count).toBeNull()

    const resized = await tf(MV.nodeGroups).post(`/v1/clusters/${ids.cluster}/actions/resize`, {
      node_count: 2,
      nodegroup: ids.nodegroup,
    })
    expectOk(resized, [200, 202])
    expect(decodeGo(GoClusterId, resized.body, 'cluster resize').uuid).toBe(ids.cluster)
    await waitForState({
      pending: ['UPDATE_IN_PROGRESS'],
      target: 'UPDATE_COMPLETE',
      refresh: nodegroupRefresh(ids.cluster, ids.nodegroup),
    })
    const got = await nodegroupRefresh(ids.cluster, ids.nodegroup)()
    expect(decodeGo(GoNodeGroupFull, got.body, 'nodegroup read').node_count).toBe(2)
  })

  it('nodegroup: delete at µ1.9 (202/204) polls to 404', async () => {
    const r = await tf(MV.nodeGroups).delete(
      `/v1/clusters/${ids.cluster}/nodegroups/${ids.nodegroup}`
    )
    expectOk(r, DEFAULT_DELETE_OK, false)
    await waitForState({
      pending: ['DELETE_IN_PROGRESS'],
      target: 'DELETE_COMPLETE',
      refresh: nodegroupRefresh(ids.cluster, ids.nodegroup),
    })
  })

  it('cluster: a new cluster_template_id upgrades at µ1.8 (202), then UPDATE_COMPLETE', async () => {
    ids.upgrade = await createTemplateTheProviderWay(names.upgrade, 'v1.29.4')
    const r = await tf(MV.upgrade).post(`/v1/clusters/${ids.cluster}/actions/upgrade`, {
      cluster_template: ids.upgrade,
    })
    expectOk(r, [202])
    expect(decodeGo(GoClusterId, r.body, 'cluster upgrade').uuid).toBe(ids.cluster)
    await waitForState({
      pending: [],
      target: 'UPDATE_COMPLETE',
      refresh: clusterRefresh(ids.cluster),
    })
    const { cluster } = await readClusterTheProviderWay(ids.cluster)
    expect(cluster.cluster_template_id).toBe(ids.upgrade)
  })

  it('cluster: delete (202/204) polls to 404; templates then delete (202/204)', async () => {
    const r = await tf().delete(`/v1/clusters/${ids.cluster}`)
    expectOk(r, DEFAULT_DELETE_OK, false)
    await waitForState({
      pending: [],
      target: 'DELETE_COMPLETE',
      refresh: clusterRefresh(ids.cluster),
    })

    for (const id of [ids.template, ids.upgrade]) {
      const d = await tf().delete(`/v1/clustertemplates/${id}`)
      expectOk(d, DEFAULT_DELETE_OK, false)
      expect((await tf().get(`/v1/clustertemplates/${id}`)).status).toBe(404)
    }
  })
})
