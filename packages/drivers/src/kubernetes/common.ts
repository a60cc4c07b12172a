import type { NodeGroup } from '@berth/core/clusters/model'
import { InvalidError } from '@berth/core/errors'
import { getParam } from '../heat/hot'
import type { PortRule } from '../heat/security-groups'
import { type LabelSpec, PAYLOAD_SAFE } from '../kit/labels'
import type { ExtraParameters, Resolved, RoleNames, SettingSpec } from '../kit/profile'

/** Magnum's Heat names for Kubernetes. */
export const K8S_MASTER: RoleNames = {
  count: 'number_of_masters',
  flavor: 'master_flavor',
  image: 'master_image',
  group: 'kube_masters',
  outputPublic: 'kube_masters',
  outputPrivate: 'kube_masters_private',
  serverName: 'master',
}

export const K8S_WORKER: RoleNames & { remove: string } = {
  count: 'number_of_minions',
  flavor: 'minion_flavor',
  image: 'minion_image',
  group: 'kube_minions',
  outputPublic: 'kube_minions',
  outputPrivate: 'kube_minions_private',
  serverName: 'node',
  remove: 'minions_to_remove',
}

const both = ['master', 'worker'] as const
const masters = ['master'] as const

/** Labels both Kubernetes drivers read, with Magnum's names. */
export const K8S_LABELS: readonly LabelSpec[] = [
  {
    name: 'kube_tag',
    kind: 'version',
    default: 'v1.30.4',
    env: 'KUBE_TAG',
    description: 'Kubernetes release of every node',
  },
  {
    name: 'containerd_version',
    kind: 'version',
    default: '1.7.22',
    env: 'CONTAINERD_VERSION',
    description: 'containerd release',
  },
  {
    name: 'runc_version',
    kind: 'version',
    default: 'v1.1.14',
    env: 'RUNC_VERSION',
    description: 'runc release',
  },
  {
    name: 'cni_plugins_tag',
    kind: 'version',
    default: 'v1.5.1',
    env: 'CNI_PLUGINS_TAG',
    description: 'containernetworking plugins release',
  },
  {
    name: 'flannel_tag',
    kind: 'version',
    default: 'v0.25.6',
    env: 'FLANNEL_TAG',
    roles: masters,
    description: 'flannel release (network_driver flannel)',
  },
  {
    name: 'flannel_network_cidr',
    kind: 'cidr',
    default: '10.100.0.0/16',
    description: 'pod network with flannel',
  },
  {
    name: 'flannel_backend',
    kind: 'choice',
    default: 'vxlan',
    choices: ['vxlan', 'host-gw', 'udp'],
    env: 'FLANNEL_BACKEND',
    roles: masters,
    description: 'flannel backend',
  },
  {
    name: 'calico_tag',
    kind: 'version',
    default: 'v3.28.1',
    env: 'CALICO_TAG',
    roles: masters,
    description: 'Calico release (network_driver calico)',
  },
  {
    name: 'calico_ipv4pool',
    kind: 'cidr',
    default: '10.100.0.0/16',
    description: 'pod network with Calico',
  },
  {
    name: 'calico_ipv4pool_ipip',
    kind: 'choice',
    default: 'Always',
    choices: ['Always', 'CrossSubnet', 'Never'],
    env: 'CALICO_IPV4POOL_IPIP',
    roles: masters,
    description: 'Calico IP-in-IP mode',
  },
  {
    name: 'service_cluster_ip_range',
    kind: 'cidr',
    default: '10.254.0.0/16',
    env: 'SERVICE_CLUSTER_IP_RANGE',
    description: 'service addresses (.1 the API, .10 the DNS)',
  },
  {
    name: 'cloud_provider_enabled',
    kind: 'boolean',
    default: 'true',
    env: 'CLOUD_PROVIDER_ENABLED',
    roles: masters,
    description: 'run openstack-cloud-controller-manager',
  },
  {
    name: 'cloud_provider_tag',
    kind: 'version',
    default: 'v1.30.0',
    env: 'CLOUD_PROVIDER_TAG',
    roles: masters,
    description: 'openstack-cloud-controller-manager release',
  },
  {
    name: 'container_infra_prefix',
    kind: 'string',
    default: '',
    env: 'CONTAINER_INFRA_PREFIX',
    description: 'registry prefix for Kubernetes images (empty: registry.k8s.io/)',
  },
  {
    name: 'kubelet_options',
    kind: 'string',
    default: '',
    env: 'KUBELET_OPTIONS',
    description: 'extra kubelet flags',
  },
  {
    name: 'kubeapi_options',
    kind: 'string',
    default: '',
    env: 'KUBEAPI_OPTIONS',
    roles: masters,
    description: 'extra kube-apiserver flags',
  },
  {
    name: 'kubecontroller_options',
    kind: 'string',
    default: '',
    env: 'KUBECONTROLLER_OPTIONS',
    roles: masters,
    description: 'extra kube-controller-manager flags',
  },
  {
    name: 'kubescheduler_options',
    kind: 'string',
    default: '',
    env: 'KUBESCHEDULER_OPTIONS',
    roles: masters,
    description: 'extra kube-scheduler flags',
  },
  {
    name: 'kubeproxy_options',
    kind: 'string',
    default: '',
    env: 'KUBEPROXY_OPTIONS',
    description: 'extra kube-proxy flags',
  },
  {
    name: 'cgroup_driver',
    kind: 'choice',
    default: 'systemd',
    choices: ['systemd', 'cgroupfs'],
    env: 'CGROUP_DRIVER',
    description: 'cgroup driver of kubelet and containerd',
  },
]

const pairs = (what: string, items: string[]): string => {
  const joined = items.join(',')
  if (!new RegExp(PAYLOAD_SAFE).test(joined) || /[\s]/.test(joined)) {
    throw new InvalidError(`${what} contain characters nodes cannot be configured with.`)
  }
  return joined
}

const nodeLabels = (ng: NodeGroup | undefined) =>
  pairs(
    'node_labels',
    Object.entries(ng?.node_labels ?? {}).map(([k, v]) => `${k}=${v}`)
  )
const nodeTaints = (ng: NodeGroup | undefined) =>
  pairs(
    'node_taints',
    (ng?.node_taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)
  )

/**
 * What Magnum generates for Kubernetes beyond labels: the pod network of the chosen network
 * driver, and (µ1.14) the nodegroup's node labels and taints for its kubelets.
 */
export const k8sExtraParameters = (
  r: Resolved,
  workers: NodeGroup | undefined
): ExtraParameters => ({
  declare: {
    pods_network_cidr: {
      type: 'string',
      description: 'pod network (flannel_network_cidr or calico_ipv4pool)',
      default: '10.100.0.0/16',
    },
    node_labels: { type: 'string', description: 'kubelet node labels', default: '' },
    node_taints: { type: 'string', description: 'kubelet taints', default: '' },
  },
  values: {
    pods_network_cidr: String(
      r.networkDriver === 'calico' ? r.labels.calico_ipv4pool : r.labels.flannel_network_cidr
    ),
    node_labels: nodeLabels(workers),
    node_taints: nodeTaints(workers),
  },
})

/** Settings both Kubernetes drivers add (labels and taints are the workers' own). */
export const K8S_SETTINGS: readonly SettingSpec[] = [
  { env: 'PODS_NETWORK_CIDR', roles: both, value: () => getParam('pods_network_cidr') },
  {
    env: 'NODE_LABELS',
    roles: both,
    value: (role) => (role === 'master' ? '' : getParam('node_labels')),
  },
  {
    env: 'NODE_TAINTS',
    roles: both,
    value: (role) => (role === 'master' ? '' : getParam('node_taints')),
  },
  { env: 'EXTERNAL_NETWORK_ID', roles: masters, value: (_, f) => f.externalNetworkId },
]

export const apiPort = (tlsDisabled: boolean) => (tlsDisabled ? 8080 : 6443)

/** Magnum's api_address: https://<host>:6443, or http://<host>:8080 with tls_disabled. */
export const k8sApiUrl = (host: string, tlsDisabled: boolean) =>
  `${tlsDisabled ? 'http' : 'https'}://${host}:${apiPort(tlsDisabled)}`

export const k8sMasterPorts = (r: Resolved): PortRule[] => [
  { protocol: 'tcp', from: apiPort(r.tlsDisabled) },
]

/** NodePorts, for Services of type NodePort and load balancers created by the cloud provider. */
export const k8sWorkerPorts = (): PortRule[] => [
  { protocol: 'tcp', from: 30000, to: 32767 },
  { protocol: 'udp', from: 30000, to: 32767 },
]
