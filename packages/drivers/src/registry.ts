import type {
  ClusterDriver,
  DriverCatalog,
  DriverDescriptor,
  DriverKey,
} from '@berth/core/ports/drivers'
import { k8sFedoraCoreosDriver } from './k8s-fedora-coreos/driver'
import { k8sUbuntuKubeadmDriver } from './k8s-ubuntu-kubeadm/driver'
import { mesosUbuntuDriver } from './mesos-ubuntu/driver'
import { swarmModeDriver } from './swarm-mode/driver'

/**
 * The COE drivers Berth ships, keyed as Magnum keys its entry points. Kubernetes on Fedora
 * CoreOS and Mesos keep Magnum's driver names so templates and scripts written for Magnum
 * resolve the same way; the others are Berth's.
 */
export const BUILTIN_DRIVERS: readonly ClusterDriver[] = [
  k8sFedoraCoreosDriver,
  k8sUbuntuKubeadmDriver,
  swarmModeDriver,
  mesosUbuntuDriver,
]

/** A catalog whose entries are full drivers (or any descriptor type it was built from). */
export interface TypedDriverCatalog<D extends DriverDescriptor> extends DriverCatalog {
  find(key: DriverKey, name?: string): D | undefined
  list(): readonly D[]
}

const same = (a: DriverKey, b: DriverKey) =>
  a.serverType === b.serverType && a.osDistro === b.osDistro && a.coe === b.coe

/** A catalog over a fixed list of drivers, minus the ones an operator disabled. */
export function createDriverCatalog(
  drivers?: readonly ClusterDriver[],
  disabled?: readonly string[]
): TypedDriverCatalog<ClusterDriver>
export function createDriverCatalog<D extends DriverDescriptor>(
  drivers: readonly D[],
  disabled?: readonly string[]
): TypedDriverCatalog<D>
export function createDriverCatalog(
  drivers: readonly DriverDescriptor[] = BUILTIN_DRIVERS,
  disabled: readonly string[] = []
): TypedDriverCatalog<DriverDescriptor> {
  const enabled = drivers.filter((d) => !disabled.includes(d.name))
  return {
    find: (key, name) =>
      enabled.find(
        (d) => (name === undefined || d.name === name) && d.provides.some((p) => same(p, key))
      ),
    list: () => enabled,
  }
}
