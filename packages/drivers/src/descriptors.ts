import type { DriverDescriptor } from '@berth/core/ports/drivers'
import { catalogOf, type TypedDriverCatalog } from './catalog'

/*
 * Each driver's name and the (server_type, os_distro, coe) tuples it provides, apart from its
 * rendering code: the API and the workflow steps that render nothing pick a driver by these
 * alone. The drivers' profiles take their name and tuples from here.
 */

export const K8S_FEDORA_COREOS_DESCRIPTOR: DriverDescriptor = {
  name: 'k8s_fedora_coreos_v1',
  provides: [{ serverType: 'vm', osDistro: 'fedora-coreos', coe: 'kubernetes' }],
  // Its nodes take every certificate from Berth's API, so they can follow new CAs in place.
  caRotation: true,
}

export const K8S_UBUNTU_KUBEADM_DESCRIPTOR: DriverDescriptor = {
  name: 'k8s_ubuntu_kubeadm_v1',
  provides: [{ serverType: 'vm', osDistro: 'ubuntu', coe: 'kubernetes' }],
}

export const SWARM_MODE_DESCRIPTOR: DriverDescriptor = {
  name: 'swarm_mode_v1',
  provides: [
    { serverType: 'vm', osDistro: 'fedora-coreos', coe: 'swarm-mode' },
    { serverType: 'vm', osDistro: 'ubuntu', coe: 'swarm-mode' },
  ],
}

export const MESOS_UBUNTU_DESCRIPTOR: DriverDescriptor = {
  name: 'mesos_ubuntu_v1',
  provides: [{ serverType: 'vm', osDistro: 'ubuntu', coe: 'mesos' }],
}

/** The built-in drivers as descriptors, in the order of BUILTIN_DRIVERS. */
export const BUILTIN_DESCRIPTORS: readonly DriverDescriptor[] = [
  K8S_FEDORA_COREOS_DESCRIPTOR,
  K8S_UBUNTU_KUBEADM_DESCRIPTOR,
  SWARM_MODE_DESCRIPTOR,
  MESOS_UBUNTU_DESCRIPTOR,
]

/** The built-in drivers' catalog without their rendering code: it finds what createDriverCatalog finds. */
export const createDescriptorCatalog = (
  disabled: readonly string[] = []
): TypedDriverCatalog<DriverDescriptor> => catalogOf(BUILTIN_DESCRIPTORS, disabled)
