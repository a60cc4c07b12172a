import type { DriverKey } from '@berth/core/ports/drivers'
import { describe, expect, it } from 'vitest'
import { BUILTIN_DESCRIPTORS, createDescriptorCatalog } from './descriptors'
import { BUILTIN_DRIVERS, createDriverCatalog } from './registry'

describe('Descriptors of the built-in drivers', () => {
  it('name exactly the built-in drivers, what each provides and whether it rotates CAs, in order', () => {
    expect(BUILTIN_DESCRIPTORS).toEqual(
      BUILTIN_DRIVERS.map(({ name, provides, caRotation }) => ({
        name,
        provides,
        ...(caRotation ? { caRotation } : {}),
      }))
    )
  })

  it('find what the full catalog finds, for every tuple and name, with or without disabled drivers', () => {
    const values = (pick: (k: DriverKey) => string) => [
      ...new Set([...BUILTIN_DRIVERS.flatMap((d) => d.provides.map(pick)), 'other']),
    ]
    const keys = values((k) => k.serverType).flatMap((serverType) =>
      values((k) => k.osDistro).flatMap((osDistro) =>
        values((k) => k.coe).map((coe) => ({ serverType, osDistro, coe }))
      )
    )
    const names = [undefined, 'nope', ...BUILTIN_DRIVERS.map((d) => d.name)]
    for (const disabled of [[], ['swarm_mode_v1'], ['k8s_fedora_coreos_v1', 'mesos_ubuntu_v1']]) {
      const full = createDriverCatalog(undefined, disabled)
      const light = createDescriptorCatalog(disabled)
      expect(light.list().map((d) => d.name)).toEqual(full.list().map((d) => d.name))
      for (const key of keys) {
        for (const name of names) {
          expect(light.find(key, name)?.name, JSON.stringify({ key, name, disabled })).toBe(
            full.find(key, name)?.name
          )
        }
      }
    }
  })
})
