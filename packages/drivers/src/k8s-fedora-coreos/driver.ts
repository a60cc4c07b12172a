import type { ClusterDriver } from '@berth/core/ports/drivers'
import { K8S_FEDORA_COREOS_DESCRIPTOR } from '../descriptors'
import { getAttr } from '../heat/hot'
import { heatDriver } from '../kit/driver'
import type { LabelSpec } from '../kit/labels'
import { executable } from '../kit/node-payload'
import type { CoeProfile } from '../kit/profile'
import { K8S_LABELS, K8S_SETTINGS, k8sExtraParameters } from '../kubernetes/common'
import { K8S_PROFILE_COMMON, k8sPayload } from '../kubernetes/profile'
import { CA_ROTATION_PATH, CA_ROTATION_SH, caRotationUnits } from '../scripts/ca-rotation'
import { FCOS_MASTER_PATH, FCOS_MASTER_SH } from './master-script'
import { FCOS_NODE_PATH, FCOS_NODE_SH } from './node-lib'
import { FCOS_WORKER_PATH, FCOS_WORKER_SH } from './worker-script'

const masters = ['master'] as const

export const FCOS_LABELS: readonly LabelSpec[] = [
  ...K8S_LABELS,
  {
    name: 'etcd_tag',
    kind: 'version',
    default: 'v3.5.15',
    env: 'ETCD_TAG',
    roles: masters,
    description: 'etcd release on the masters',
  },
  {
    name: 'etcd_volume_size',
    kind: 'number',
    default: '0',
    description: 'GB of Cinder volume for etcd data per master (0: the root disk)',
  },
  {
    name: 'coredns_tag',
    kind: 'version',
    default: '1.11.1',
    env: 'COREDNS_TAG',
    roles: masters,
    description: 'CoreDNS release',
  },
  {
    name: 'admission_control_list',
    kind: 'string',
    default: 'NodeRestriction',
    env: 'ADMISSION_CONTROL_LIST',
    roles: masters,
    description: 'admission plugins enabled beyond the defaults',
  },
  {
    name: 'selinux_mode',
    kind: 'choice',
    default: 'permissive',
    choices: ['enforcing', 'permissive'],
    env: 'SELINUX_MODE',
    description: 'SELinux mode of the nodes',
  },
]

const RANDOM_SEED = 'sa_key_seed'

/**
 * Kubernetes on Fedora CoreOS, Magnum's driver name: Ignition boots each node into a
 * kubeadm-free bootstrap — etcd on the masters, the control plane as static pods, kubelets
 * and kube-proxy everywhere — with every certificate signed by Berth's certificates API.
 */
export const K8S_FEDORA_COREOS: CoeProfile = {
  ...K8S_FEDORA_COREOS_DESCRIPTOR,
  title: 'Kubernetes on Fedora CoreOS',
  labels: FCOS_LABELS,
  ...K8S_PROFILE_COMMON,
  payload: k8sPayload({
    describe: (role) => `Berth: Kubernetes ${role}`,
    node: executable(FCOS_NODE_PATH, FCOS_NODE_SH),
    files: [executable(CA_ROTATION_PATH, CA_ROTATION_SH)],
    master: executable(FCOS_MASTER_PATH, FCOS_MASTER_SH),
    worker: executable(FCOS_WORKER_PATH, FCOS_WORKER_SH),
    units: caRotationUnits(),
  }),
  settings: [
    ...K8S_SETTINGS,
    {
      env: 'SA_KEY_SEED',
      roles: masters,
      secret: true,
      value: (_, f) => (f.stack === 'cluster' ? getAttr(RANDOM_SEED, 'value') : ''),
    },
  ],
  resources: {
    // Generated once by Heat and kept across updates: the masters' shared signing key seed.
    [RANDOM_SEED]: {
      type: 'OS::Heat::RandomString',
      properties: { length: 64, character_classes: [{ class: 'lettersdigits', min: 1 }] },
    },
  },
  extraParameters: k8sExtraParameters,
}

export const k8sFedoraCoreosDriver: ClusterDriver = heatDriver(K8S_FEDORA_COREOS)
