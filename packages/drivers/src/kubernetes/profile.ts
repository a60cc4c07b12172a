import { type BootFile, type BootUnit, bootstrapUnit } from '../boot/payload'
import type { NodeRole } from '../kit/labels'
import type { CoeProfile } from '../kit/profile'
import { K8S_ADDONS_PATH, K8S_ADDONS_SH, K8S_PATH, K8S_SH } from '../scripts/k8s'
import { LIB_PATH, LIB_SH } from '../scripts/lib'
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
export interface K8sBoot {
  /** The bootstrap unit's description for a role. */
  describe: (role: NodeRole) => string
  /** The distribution's node library, sourced by both roles' scripts. */
  node: BootFile
  master: BootFile
  worker: BootFile
  /** More files every node carries, after the node library. */
  files?: BootFile[]
  /** More units, after the bootstrap unit. */
  units?: BootUnit[]
  packages?: string[]
}

const BOOTSTRAP_UNIT = 'berth-bootstrap.service'

/**
 * A Kubernetes node's payload: the shared shell libraries, the distribution's node library, the
 * masters' add-ons, and the role's script run once by the enabled bootstrap unit.
 */
export const k8sPayload =
  (boot: K8sBoot): CoeProfile['payload'] =>
  (role) => {
    const script = role === 'master' ? boot.master : boot.worker
    const addons = { path: K8S_ADDONS_PATH, mode: 0o755, content: K8S_ADDONS_SH }
    return {
      files: [
        { path: LIB_PATH, mode: 0o755, content: LIB_SH },
        { path: K8S_PATH, mode: 0o755, content: K8S_SH },
        boot.node,
        ...(boot.files ?? []),
        ...(role === 'master' ? [addons] : []),
        script,
      ],
      units: [
        {
          name: BOOTSTRAP_UNIT,
          enabled: true,
          content: bootstrapUnit(boot.describe(role), script.path),
        },
        ...(boot.units ?? []),
      ],
      bootstrapUnit: BOOTSTRAP_UNIT,
      packages: boot.packages ?? [],
    }
  }
