import type { DriverKey, RenderContext } from '@berth/core/ports/drivers'
import type { BootPayload } from '../boot/payload'
import type { HotParameter, HotResource } from '../heat/hot'
import type { PortRule } from '../heat/security-groups'
import type { LabelSpec, NodeRole, ParamValue } from './labels'

/** Heat names Magnum gives a role's parameters, group and outputs. */
export interface RoleNames {
  count: string
  flavor: string
  image: string
  /** The ResourceGroup of the role's servers. */
  group: string
  /** Outputs listing floating (or, without floating IPs, fixed) and fixed addresses. */
  outputPublic: string
  outputPrivate: string
  /** Middle part of server names: `<stack>-<serverName>-<index>`. */
  serverName: string
}

/** Where nodes find the rest of the cluster, as expressions of the stack being rendered. */
export interface Facts {
  stack: 'cluster' | 'nodegroup'
  /** The API as nodes reach it: the load balancer's VIP or the first master's fixed address. */
  apiPrivateAddress: unknown
  /** The API's floating address when it has one ('' otherwise). */
  apiPublicAddress: unknown
  /** Fixed addresses of all masters, comma-separated. */
  masterAddresses: unknown
  /** The external network's id (a name given in the template resolved through the router). */
  externalNetworkId: unknown
}

/** A node setting: an environment variable on nodes of some roles and where Heat takes it. */
export interface SettingSpec {
  env: string
  roles: readonly NodeRole[]
  secret?: boolean
  value: (role: NodeRole, facts: Facts) => unknown
}

/** Parameters a driver computes itself for one stack (node labels, derived tokens …). */
export interface ExtraParameters {
  declare: Record<string, HotParameter>
  values: Record<string, ParamValue>
}

/** The render context with defaults resolved once. */
export interface Resolved {
  ctx: RenderContext
  distro: string
  labels: Record<string, ParamValue>
  masterCount: number
  lb: boolean
  floatingIp: boolean
  lbFloatingIp: boolean
  tlsDisabled: boolean
  networkDriver: string
  /** GB of container storage volume per node of the stack (0: none). */
  dockerVolumeSize: number
}

/**
 * Everything that makes one COE driver different from another; the kit turns it into Heat
 * stacks and the ClusterDriver operations.
 */
export interface CoeProfile {
  name: string
  provides: readonly DriverKey[]
  title: string
  /** The driver's labels (the kit adds the ones every driver shares). */
  labels: readonly LabelSpec[]
  /** The label an upgrade must carry (Magnum: kube_tag). */
  versionLabel: string
  /** The label naming the container runtime's version, for container_version. */
  containerVersionLabel?: string
  networkDrivers: readonly string[]
  master: RoleNames
  worker: RoleNames & { remove: string }
  masterPorts(r: Resolved): PortRule[]
  workerPorts(r: Resolved): PortRule[]
  /** Ports the master load balancer forwards; the first is the API. */
  lbPorts(r: Resolved): number[]
  /** cluster.api_address from the API host. */
  apiUrl(host: string, tlsDisabled: boolean): string
  /** Files and units of a role's boot payload; the kit adds the settings. */
  payload(role: NodeRole, r: Resolved): Omit<BootPayload, 'settings'>
  settings: readonly SettingSpec[]
  /** Cluster-stack resources the driver adds (generated secrets). */
  resources?: Record<string, HotResource>
  extraParameters?(
    r: Resolved,
    nodegroup: RenderContext['nodegroups'][number] | undefined
  ): ExtraParameters
  /** Masters must be an odd number (etcd, ZooKeeper and Raft quorums). */
  oddMasters: boolean
  /** Nodes follow CA rotations in place (kit/ca-rotation.ts); the payload runs the watcher. */
  caRotation?: boolean
  /** Stacks carry the CAs' keys (RenderContext.cas): nodes sign their own certificates. */
  caKeys?: boolean
}
