import { createHmac } from 'node:crypto'
import type { ClusterDriver, RenderContext } from '@berth/core/ports/drivers'
import { K8S_UBUNTU_KUBEADM_DESCRIPTOR } from '../descriptors'
import { getAttr, getParam } from '../heat/hot'
import { heatDriver } from '../kit/driver'
import { URL_SAFE } from '../kit/labels'
import { executable } from '../kit/node-payload'
import type { CoeProfile } from '../kit/profile'
import { K8S_LABELS, K8S_SETTINGS, k8sExtraParameters } from '../kubernetes/common'
import { K8S_PROFILE_COMMON, k8sPayload } from '../kubernetes/profile'
import { KUBEADM_CA_SETTINGS, kubeadmCaParameters } from './cas'
import {
  KUBEADM_MASTER_PATH,
  KUBEADM_MASTER_SH,
  KUBEADM_NODE_PATH,
  KUBEADM_NODE_SH,
  KUBEADM_WORKER_PATH,
  KUBEADM_WORKER_SH,
} from './scripts'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/**
 * The kubeadm bootstrap token, `[a-z0-9]{6}.[a-z0-9]{16}`, derived from the cluster's join
 * secret: the same for the cluster's stack and every nodegroup stack rendered later, across
 * credential and CA rotations, without the token ever being a stack output. Clusters made
 * before join secrets existed derive it from their application credential, as they always did.
 */
export const kubeadmToken = (ctx: RenderContext): string => {
  const key = ctx.joinSecret ?? ctx.credentials.applicationCredentialSecret
  const digest = createHmac('sha256', key)
    .update(`berth-kubeadm-token:${ctx.cluster.uuid}`)
    .digest()
  const chars = [...digest.subarray(0, 22)].map((b) => ALPHABET[b % ALPHABET.length]).join('')
  return `${chars.slice(0, 6)}.${chars.slice(6, 22)}`
}

const CERTIFICATE_KEY = 'kubeadm_certificate_key'

/**
 * Kubernetes on Ubuntu with kubeadm: cloud-init installs containerd and the Kubernetes
 * binaries at the labels' versions, the first master runs `kubeadm init`, the others and the
 * workers join; flannel or Calico and the OpenStack cloud provider are applied by the masters.
 */
export const K8S_UBUNTU_KUBEADM: CoeProfile = {
  ...K8S_UBUNTU_KUBEADM_DESCRIPTOR,
  title: 'Kubernetes on Ubuntu (kubeadm)',
  labels: K8S_LABELS,
  ...K8S_PROFILE_COMMON,
  payload: k8sPayload({
    describe: (role) => `Berth: Kubernetes ${role} (kubeadm)`,
    node: executable(KUBEADM_NODE_PATH, KUBEADM_NODE_SH),
    master: executable(KUBEADM_MASTER_PATH, KUBEADM_MASTER_SH),
    worker: executable(KUBEADM_WORKER_PATH, KUBEADM_WORKER_SH),
    packages: ['jq', 'conntrack', 'socat', 'ethtool'],
  }),
  caKeys: true,
  settings: [
    ...K8S_SETTINGS,
    ...KUBEADM_CA_SETTINGS,
    {
      env: 'KUBEADM_TOKEN',
      roles: ['master', 'worker'],
      secret: true,
      value: () => getParam('kubeadm_token'),
    },
    {
      env: 'CERTIFICATE_KEY',
      roles: ['master'],
      secret: true,
      value: (_, f) => (f.stack === 'cluster' ? getAttr(CERTIFICATE_KEY, 'value') : ''),
    },
  ],
  resources: {
    // kubeadm wants 32 bytes in hex; Heat generates it once and keeps it across updates.
    [CERTIFICATE_KEY]: {
      type: 'OS::Heat::RandomString',
      properties: { length: 64, character_sequences: [{ sequence: '0123456789abcdef', min: 1 }] },
    },
  },
  extraParameters: (r, workers) => {
    const k8s = k8sExtraParameters(r, workers)
    const cas = kubeadmCaParameters(r, workers)
    return {
      declare: {
        ...k8s.declare,
        ...cas.declare,
        kubeadm_token: {
          type: 'string',
          description: 'kubeadm bootstrap token',
          hidden: true,
          constraints: [{ allowed_pattern: URL_SAFE }],
        },
      },
      values: { ...k8s.values, ...cas.values, kubeadm_token: kubeadmToken(r.ctx) },
    }
  },
}

export const k8sUbuntuKubeadmDriver: ClusterDriver = heatDriver(K8S_UBUNTU_KUBEADM)
