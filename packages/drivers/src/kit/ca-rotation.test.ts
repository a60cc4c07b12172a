import { describe, expect, it } from 'vitest'
import { k8sFedoraCoreosDriver } from '../k8s-fedora-coreos/driver'
import { k8sUbuntuKubeadmDriver } from '../k8s-ubuntu-kubeadm/driver'
import { mesosUbuntuDriver } from '../mesos-ubuntu/driver'
import { swarmModeDriver } from '../swarm-mode/driver'
import { contextFixture } from '../testing/fixtures'
import { CA_ROTATION_METADATA, CA_ROTATION_PARAMETER } from './ca-rotation'

type Resources = Record<string, { properties?: Record<string, unknown> }>

const generation = (id: string) => ({
  kubernetes: { certificate: 'c', sealed_key: 'k' },
  etcd: { certificate: 'c', sealed_key: 'k' },
  front_proxy: { certificate: 'c', sealed_key: 'k' },
  client: { certificate: 'c', sealed_key: 'k' },
  key_algorithm: 'ECDSA-P256',
  generated_at: '2026-01-01T00:00:00Z',
  operation_id: id,
})

describe('CA rotation in place (Fedora CoreOS)', () => {
  const ctx = contextFixture({ cluster: { certificates: generation('op-create') } })

  it('carries the CA generation from the stack into every server’s metadata', () => {
    const spec = k8sFedoraCoreosDriver.clusterStack(ctx)
    expect(spec.parameters[CA_ROTATION_PARAMETER]).toBe('op-create')
    const parameters = spec.template.parameters as Record<string, unknown>
    expect(parameters[CA_ROTATION_PARAMETER]).toMatchObject({ type: 'string', default: '' })
    const top = spec.template.resources as Resources
    for (const group of ['kube_masters', 'kube_minions']) {
      const def = top[group]?.properties?.resource_def as { properties: Record<string, unknown> }
      expect(def.properties.ca_rotation).toEqual({ get_param: CA_ROTATION_PARAMETER })
    }
    for (const role of ['master', 'worker']) {
      const node = JSON.parse(spec.files[`${role}.yaml`] ?? '{}') as { resources: Resources }
      expect(node.resources.server?.properties?.metadata).toEqual({
        [CA_ROTATION_METADATA]: { get_param: 'ca_rotation' },
      })
    }
    // The watcher and its timer boot with every node.
    for (const role of ['master', 'worker']) {
      const ignition = spec.files[`${role}-user-data.ign`] ?? ''
      expect(ignition).toContain('berth-ca-rotation.timer')
      expect(ignition).toContain('/usr/local/bin/berth-ca-rotation.sh')
    }
  })

  it("keeps the generation in a nodegroup's stack and in re-renders", () => {
    const joined = contextFixture({
      cluster: { certificates: generation('op-create'), api_address: 'https://172.24.4.10:6443' },
    })
    const extra = {
      ...joined.nodegroups[1]!,
      uuid: 'b3e1c6a2-1f0e-4b5c-9a8d-7e6f5a4b3c2d',
      name: 'ng2',
      is_default: false,
    }
    const spec = k8sFedoraCoreosDriver.nodeGroupStack(
      { ...joined, nodegroups: [...joined.nodegroups, extra] },
      extra
    )
    expect(spec.parameters[CA_ROTATION_PARAMETER]).toBe('op-create')
  })

  it('rotates with a parameter update that keeps the template (no server is replaced)', () => {
    expect(k8sFedoraCoreosDriver.caRotation).toBe(true)
    expect(k8sFedoraCoreosDriver.rotateCa?.(ctx, 'op-rotate')).toEqual({
      parameters: { [CA_ROTATION_PARAMETER]: 'op-rotate' },
      disableRollback: true,
    })
    expect(() => k8sFedoraCoreosDriver.rotateCa?.(ctx, 'bad"id')).toThrow()
  })

  it('is Fedora CoreOS only, as in Magnum', () => {
    for (const [driver, coe, network_driver] of [
      [k8sUbuntuKubeadmDriver, 'kubernetes', 'flannel'],
      [swarmModeDriver, 'swarm-mode', 'docker'],
      [mesosUbuntuDriver, 'mesos', 'docker'],
    ] as const) {
      expect(driver.rotateCa).toBeUndefined()
      expect(driver.caRotation).toBeFalsy()
      const template = { cluster_distro: 'ubuntu', coe, network_driver } as const
      const spec = driver.clusterStack(contextFixture({ template }))
      expect(spec.parameters[CA_ROTATION_PARAMETER]).toBeUndefined()
    }
  })
})
