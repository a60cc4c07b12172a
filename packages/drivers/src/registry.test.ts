import { describe, expect, it } from 'vitest'
import { BUILTIN_DRIVERS, createDriverCatalog } from './registry'
import { contextFixture } from './testing/fixtures'

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

  it('finds Kubernetes on Ubuntu, and swarm mode on both distros', () => {
    expect(catalog.find({ serverType: 'vm', osDistro: 'ubuntu', coe: 'kubernetes' })?.name).toBe(
      'k8s_ubuntu_kubeadm_v1'
    )
    for (const osDistro of ['fedora-coreos', 'ubuntu']) {
      expect(catalog.find({ serverType: 'vm', osDistro, coe: 'swarm-mode' })?.name).toBe(
        'swarm_mode_v1'
      )
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

  it('returns drivers that render stacks, not just descriptors', () => {
    const driver = catalog.find({ serverType: 'vm', osDistro: 'fedora-coreos', coe: 'kubernetes' })
    expect(driver?.clusterStack(contextFixture()).name).toMatch(/^my-cluster-prod-/)
    expect(new Set(BUILTIN_DRIVERS.map((d) => d.name)).size).toBe(BUILTIN_DRIVERS.length)
  })

  it('still builds a catalog of plain descriptors', () => {
    const c = createDriverCatalog([
      { name: 'd', provides: [{ serverType: 'vm', osDistro: 'o', coe: 'c' }] },
    ])
    expect(c.find({ serverType: 'vm', osDistro: 'o', coe: 'c' })?.name).toBe('d')
  })
})
