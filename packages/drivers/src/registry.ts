import type { DriverCatalog, DriverDescriptor, DriverKey } from '@berth/core/ports/drivers'

/**
 * The COE drivers Berth ships, keyed as Magnum keys its entry points. Kubernetes on Fedora
 * CoreOS keeps Magnum's own driver name so templates and scripts written for Magnum resolve
 * the same way; the others are Berth's.
 */
export const BUILTIN_DRIVERS: readonly DriverDescriptor[] = [
  {
    name: 'k8s_fedora_coreos_v1',
    provides: [{ serverType: 'vm', osDistro: 'fedora-coreos', coe: 'kubernetes' }],
  },
  {
    name: 'k8s_ubuntu_kubeadm_v1',
    provides: [{ serverType: 'vm', osDistro: 'ubuntu', coe: 'kubernetes' }],
  },
  {
    name: 'swarm_mode_v1',
    provides: [
      { serverType: 'vm', osDistro: 'fedora-coreos', coe: 'swarm-mode' },
      { serverType: 'vm', osDistro: 'ubuntu', coe: 'swarm-mode' },
    ],
  },
  {
    name: 'mesos_ubuntu_v1',
    provides: [{ serverType: 'vm', osDistro: 'ubuntu', coe: 'mesos' }],
  },
]

const same = (a: DriverKey, b: DriverKey) =>
  a.serverType === b.serverType && a.osDistro === b.osDistro && a.coe === b.coe

/** A catalog over a fixed list of drivers, minus the ones an operator disabled. */
export const createDriverCatalog = (
  drivers: readonly DriverDescriptor[] = BUILTIN_DRIVERS,
  disabled: readonly string[] = []
): DriverCatalog => {
  const enabled = drivers.filter((d) => !disabled.includes(d.name))
  return {
    find: (key, name) =>
      enabled.find(
        (d) => (name === undefined || d.name === name) && d.provides.some((p) => same(p, key))
      ),
    list: () => enabled,
  }
}
