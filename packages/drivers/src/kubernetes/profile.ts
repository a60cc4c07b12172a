import type { BootFile } from '../boot/payload'
import { executable, type NodeBoot, nodePayload } from '../kit/node-payload'
import type { CoeProfile } from '../kit/profile'
import { K8S_ADDONS_PATH, K8S_ADDONS_SH, K8S_PATH, K8S_SH } from '../scripts/k8s'
import {
  apiPort,
  K8S_MASTER,
  K8S_WORKER,
  k8sApiUrl,
  k8sMasterPorts,
  k8sWorkerPorts,
} from './common'

/**
 * What every Kubernetes profile shares whatever the distribution boots: the roles' names, the
 * ports, the API's address, the labels that name versions, odd masters for etcd's quorum.
 */
export const K8S_PROFILE_COMMON = {
  versionLabel: 'kube_tag',
  containerVersionLabel: 'containerd_version',
  networkDrivers: ['flannel', 'calico'],
  oddMasters: true,
  master: K8S_MASTER,
  worker: K8S_WORKER,
  masterPorts: k8sMasterPorts,
  workerPorts: k8sWorkerPorts,
  lbPorts: (r) => [apiPort(r.tlsDisabled)],
  apiUrl: k8sApiUrl,
} satisfies Partial<CoeProfile>

/** A distribution's own part of a Kubernetes node's boot. */
export interface K8sBoot extends Omit<NodeBoot, 'files' | 'masterFiles'> {
  /** The distribution's node library, sourced by both roles' scripts. */
  node: BootFile
  /** More files every node carries, after the node library. */
  files?: BootFile[]
}

/**
 * A Kubernetes node's payload: the shared shell libraries, the distribution's node library, the
 * masters' add-ons, and the role's script run once by the enabled bootstrap unit.
 */
export const k8sPayload =
  (boot: K8sBoot): CoeProfile['payload'] =>
  (role) =>
    nodePayload(
      {
        ...boot,
        files: [executable(K8S_PATH, K8S_SH), boot.node, ...(boot.files ?? [])],
        masterFiles: [executable(K8S_ADDONS_PATH, K8S_ADDONS_SH)],
      },
      role
    )
