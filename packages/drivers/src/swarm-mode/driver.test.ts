import { describe, expect, it } from 'vitest'
import { driverSuite } from '../testing/driver-suite'
import { contextFixture } from '../testing/fixtures'
import { payloadSuite } from '../testing/payload-suite'
import { SWARM_MODE, swarmModeDriver } from './driver'

for (const distro of ['fedora-coreos', 'ubuntu']) {
  driverSuite({
    driver: swarmModeDriver,
    profile: SWARM_MODE,
    distro,
    coe: 'swarm-mode',
    apiUrl: 'tcp://172.24.4.10:2375',
    newer: '28.0.1',
    older: '26.1.4',
  })
  payloadSuite({ driver: swarmModeDriver, distro, coe: 'swarm-mode', networkDriver: 'docker' })
}

describe('Driver: swarm_mode_v1', () => {
  const ctx = (distro: string) =>
    contextFixture({
      template: { cluster_distro: distro, coe: 'swarm-mode', network_driver: null },
    })

  it('boots Fedora CoreOS with Ignition and Ubuntu with cloud-init', () => {
    expect(Object.keys(swarmModeDriver.clusterStack(ctx('fedora-coreos')).files)).toContain(
      'master-user-data.ign'
    )
    expect(Object.keys(swarmModeDriver.clusterStack(ctx('ubuntu')).files)).toContain(
      'worker-user-data.yaml'
    )
  })

  it('uses Magnum’s swarm names and reports the Docker version as both versions', () => {
    const spec = swarmModeDriver.clusterStack(ctx('ubuntu'))
    expect(spec.parameters).toMatchObject({
      number_of_nodes: 1,
      number_of_masters: 1,
      network_driver: 'docker',
    })
    const read = swarmModeDriver.readOutputs(ctx('ubuntu'), {
      id: 's',
      name: 'n',
      status: 'CREATE_COMPLETE',
      reason: null,
      outputs: { api_address: '10.0.0.5', swarm_masters: ['172.24.4.5'] },
      parameters: { docker_version: '27.3.1' },
    })
    expect(read).toMatchObject({
      api_address: 'tcp://10.0.0.5:2375',
      coe_version: '27.3.1',
      container_version: '27.3.1',
    })
  })
})
