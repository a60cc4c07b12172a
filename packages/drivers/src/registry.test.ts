import { describe, expect, it } from 'vitest'
import { createDriverCatalog } from './registry'

describe('Function: createDriverCatalog', () => {
  const catalog = createDriverCatalog()

  it('finds Magnum’s Fedora CoreOS Kubernetes driver by tuple', () => {
    expect(
      catalog.find({ serverType: 'vm', osDistro: 'fedora-coreos', coe: 'kubernetes' })?.name
    ).toBe('k8s_fedora_coreos_v1')
  })

  it('has a driver for every COE the brief names', () => {
    for (const coe of ['kubernetes', 'swarm-mode', 'mesos']) {
      expect(catalog.list().some((d) => d.provides.some((p) => p.coe === coe))).toBe(true)
    }
  })

  it('finds nothing for bare metal, unknown distros, or a name that does not provide the tuple', () => {
    expect(
      catalog.find({ serverType: 'bm', osDistro: 'fedora-coreos', coe: 'kubernetes' })
    ).toBeUndefined()
    expect(
      catalog.find({ serverType: 'vm', osDistro: 'windows', coe: 'kubernetes' })
    ).toBeUndefined()
    expect(
      catalog.find({ serverType: 'vm', osDistro: 'ubuntu', coe: 'mesos' }, 'k8s_fedora_coreos_v1')
    ).toBeUndefined()
  })

  it('leaves out disabled drivers', () => {
    const c = createDriverCatalog(undefined, ['mesos_ubuntu_v1'])
    expect(c.find({ serverType: 'vm', osDistro: 'ubuntu', coe: 'mesos' })).toBeUndefined()
  })
})
