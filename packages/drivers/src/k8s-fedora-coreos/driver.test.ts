import { describe, expect, it } from 'vitest'
import { driverSuite } from '../testing/driver-suite'
import { contextFixture } from '../testing/fixtures'
import { payloadSuite } from '../testing/payload-suite'
import { checkStack } from '../testing/structure'
import { K8S_FEDORA_COREOS, k8sFedoraCoreosDriver } from './driver'

driverSuite({
  driver: k8sFedoraCoreosDriver,
  profile: K8S_FEDORA_COREOS,
  distro: 'fedora-coreos',
  coe: 'kubernetes',
  apiUrl: 'https://172.24.4.10:6443',
  newer: 'v1.31.1',
  older: 'v1.29.9',
})

describe('Driver: k8s_fedora_coreos_v1', () => {
  const ctx = contextFixture

  it('serves the API over plain HTTP on 8080 with tls_disabled, as Magnum does', () => {
    const c = ctx({
      masters: 3,
      cluster: { master_lb_enabled: true },
      template: { tls_disabled: true },
    })
    const spec = k8sFedoraCoreosDriver.clusterStack(c)
    const top = spec.template.resources as Record<string, { properties?: Record<string, unknown> }>
    expect(top.api_listener_8080?.properties?.protocol_port).toBe(8080)
    expect(top.api_listener_6443).toBeUndefined()
    expect(spec.parameters.tls_disabled).toBe(true)
    const stack = {
      id: 's',
      name: 'n',
      status: 'CREATE_COMPLETE',
      reason: null,
      outputs: { api_address: '10.0.0.5' },
      parameters: {},
    }
    expect(k8sFedoraCoreosDriver.readOutputs(c, stack).api_address).toBe('http://10.0.0.5:8080')
  })

  it('takes the pod network from the network driver: flannel_network_cidr or calico_ipv4pool', () => {
    const labels = { flannel_network_cidr: '10.50.0.0/16', calico_ipv4pool: '10.60.0.0/16' }
    const flannel = k8sFedoraCoreosDriver.clusterStack(ctx({ cluster: { labels } }))
    const calico = k8sFedoraCoreosDriver.clusterStack(
      ctx({ cluster: { labels }, template: { network_driver: 'calico' } })
    )
    expect(flannel.parameters.pods_network_cidr).toBe('10.50.0.0/16')
    expect(calico.parameters.pods_network_cidr).toBe('10.60.0.0/16')
    expect(calico.parameters.network_driver).toBe('calico')
  })

  it('gives masters a generated signing-key seed and a persistent etcd volume when asked', () => {
    const spec = k8sFedoraCoreosDriver.clusterStack(
      ctx({ cluster: { labels: { etcd_volume_size: '20' } } })
    )
    expect(checkStack(spec, ['api_address'])).toEqual([])
    const top = spec.template.resources as Record<string, { type: string }>
    expect(top.sa_key_seed?.type).toBe('OS::Heat::RandomString')
    const master = JSON.parse(spec.files['master.yaml']!) as {
      resources: Record<string, { type: string }>
    }
    expect(master.resources.etcd_volume_size_volume?.type).toBe('OS::Cinder::Volume')
    expect(master.resources.etcd_volume_size_attachment?.type).toBe('OS::Cinder::VolumeAttachment')
    expect(spec.files['worker-user-data.ign']).not.toContain('@@sa_key_seed@@')
    expect(spec.files['master-user-data.ign']).toContain('@@sa_key_seed@@')
  })

  it('hands a nodegroup its node labels and taints', () => {
    const c = ctx()
    const ng = {
      ...c.nodegroups[1]!,
      uuid: '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
      name: 'tainted',
      is_default: false,
      node_labels: { 'example.com/gpu': 'true' },
      node_taints: [
        { key: 'gpu', value: 'yes', effect: 'NoSchedule' as const },
        { key: 'x', effect: 'NoExecute' as const },
      ],
    }
    const spec = k8sFedoraCoreosDriver.nodeGroupStack(
      {
        ...c,
        nodegroups: [...c.nodegroups, ng],
        cluster: { ...c.cluster, api_address: 'https://1.2.3.4:6443' },
      },
      ng
    )
    expect(spec.parameters.node_labels).toBe('example.com/gpu=true')
    expect(spec.parameters.node_taints).toBe('gpu=yes:NoSchedule,x:NoExecute')
  })
})

payloadSuite({
  driver: k8sFedoraCoreosDriver,
  distro: 'fedora-coreos',
  coe: 'kubernetes',
  networkDriver: 'calico',
})

describe('Secrets', () => {
  it('are hidden parameters in the cluster stack and in every node template', () => {
    const spec = k8sFedoraCoreosDriver.clusterStack(contextFixture())
    type Params = { parameters: Record<string, { hidden?: boolean }> }
    const top = spec.template as unknown as Params
    expect(top.parameters.application_credential_secret?.hidden).toBe(true)
    for (const file of ['master.yaml', 'worker.yaml']) {
      const nested = JSON.parse(spec.files[file]!) as Params
      expect(nested.parameters.application_credential_secret?.hidden).toBe(true)
      expect(nested.parameters.application_credential_id?.hidden).toBe(true)
      expect(nested.parameters.kube_tag?.hidden).toBeUndefined()
    }
    const master = JSON.parse(spec.files['master.yaml']!) as Params
    expect(master.parameters.sa_key_seed?.hidden).toBe(true)
  })
})
