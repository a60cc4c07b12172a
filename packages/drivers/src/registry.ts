import type { ClusterDriver, DriverDescriptor } from '@berth/core/ports/drivers'
import { catalogOf, type TypedDriverCatalog } from './catalog'
import { k8sFedoraCoreosDriver } from './k8s-fedora-coreos/driver'
import { k8sUbuntuKubeadmDriver } from './k8s-ubuntu-kubeadm/driver'
import { mesosUbuntuDriver } from './mesos-ubuntu/driver'
import { withSandboxServers } from './sandbox/sandbox-servers'
import { swarmModeDriver } from './swarm-mode/driver'

export type { TypedDriverCatalog }

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

/**
 * The built-in drivers as configured: with `sandboxNovaProvider` (BERTH_SANDBOX_NOVA_PROVIDER)
 * their stacks stand in a provider template for every server (sandbox/sandbox-servers.ts).
 */
export const configuredDrivers = (options: {
  sandboxNovaProvider?: boolean
}): readonly ClusterDriver[] =>
  options.sandboxNovaProvider ? BUILTIN_DRIVERS.map(withSandboxServers) : BUILTIN_DRIVERS

/** A catalog over a fixed list of drivers (the built-in ones by default), minus disabled ones. */
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
  return catalogOf(drivers, disabled)
}
