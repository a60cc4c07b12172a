/** @module @berth/drivers — COE drivers and the registry that picks one. */
export * from './catalog'
export * from './descriptors'
export { k8sFedoraCoreosDriver } from './k8s-fedora-coreos/driver'
export { k8sUbuntuKubeadmDriver } from './k8s-ubuntu-kubeadm/driver'
export { mesosUbuntuDriver } from './mesos-ubuntu/driver'
export * from './registry'
export * from './sandbox/sandbox-servers'
export { swarmModeDriver } from './swarm-mode/driver'
