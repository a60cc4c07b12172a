import { describe, expect, it } from 'vitest'
import { driverSuite } from '../testing/driver-suite'
import { contextFixture } from '../testing/fixtures'
import { payloadSuite } from '../testing/payload-suite'
import { MESOS_UBUNTU, mesosUbuntuDriver } from './driver'

driverSuite({
  driver: mesosUbuntuDriver,
  profile: MESOS_UBUNTU,
  distro: 'ubuntu',
  coe: 'mesos',
  apiUrl: 'http://172.24.4.10:5050',
  newer: '1.11.0',
  older: '1.6.2',
})

payloadSuite({ driver: mesosUbuntuDriver, distro: 'ubuntu', coe: 'mesos', networkDriver: 'docker' })

describe('Driver: mesos_ubuntu_v1', () => {
  it('uses Magnum’s Mesos names and balances both Mesos and Marathon', () => {
    const c = contextFixture({
      masters: 3,
      cluster: { master_lb_enabled: true },
      template: { cluster_distro: 'ubuntu', coe: 'mesos', network_driver: 'docker' },
    })
    const spec = mesosUbuntuDriver.clusterStack(c)
    expect(spec.parameters).toMatchObject({ number_of_slaves: 1, slave_flavor: 'm1.medium' })
    const resources = spec.template.resources as Record<string, unknown>
    expect(resources.api_listener_5050).toBeDefined()
    expect(resources.api_listener_8080).toBeDefined()
    expect(mesosUbuntuDriver.resize(c, c.nodegroups[1]!, 4, ['x']).parameters).toEqual({
      number_of_slaves: 4,
      slaves_to_remove: 'x',
    })
  })
})
