import { renderCloudInit } from '../boot/cloud-init'
import { renderIgnition } from '../boot/ignition'
import { getParam, getResource, type HotResource, listJoin } from '../heat/hot'
import type { NetworkPlan } from '../heat/network'
import { NODE_LOCAL, nodeTemplate, type PoolMembership } from '../heat/node-template'
import { CA_ROTATION_PARAMETER } from './ca-rotation'
import { COMMON_SETTINGS } from './common'
import type { NodeRole } from './labels'
import type { CoeProfile, Facts, Resolved, SettingSpec } from './profile'
import { allLabels } from './resolve'

export const MASTER_TYPE = 'Berth::Node::Master'
export const WORKER_TYPE = 'Berth::Node::Worker'

/** Every setting of the driver: common ones, labels nodes read, the driver's own. */
export const allSettings = (p: CoeProfile): SettingSpec[] => [
  ...COMMON_SETTINGS,
  ...allLabels(p)
    .filter((l) => l.env !== undefined)
    .map((l) => ({
      env: l.env!,
      roles: l.roles ?? (['master', 'worker'] as const),
      value: () => getParam(l.name),
    })),
  ...p.settings,
]

export const settingsOf = (p: CoeProfile, role: NodeRole) =>
  allSettings(p).filter((s) => s.roles.includes(role))

const payloadFile = (role: NodeRole, r: Resolved) =>
  `${role}-user-data.${r.distro === 'fedora-coreos' ? 'ign' : 'yaml'}`

/** The boot payload of a role, with Heat placeholders for every setting. */
const renderPayload = (p: CoeProfile, role: NodeRole, r: Resolved): string => {
  const base = p.payload(role, r)
  const payload = {
    ...base,
    settings: [
      ...NODE_LOCAL.map((env) => ({ env, secret: false })),
      ...settingsOf(p, role).map((s) => ({ env: s.env, secret: s.secret === true })),
    ],
  }
  return r.distro === 'fedora-coreos' ? renderIgnition(payload) : renderCloudInit(payload)
}

export interface GroupFiles {
  files: Record<string, string>
  environment: Record<string, unknown>
}

/** Nested node templates and payloads, and the environment mapping the node types to them. */
export const nodeFiles = (
  p: CoeProfile,
  r: Resolved,
  roles: readonly NodeRole[],
  o: { withSubnet: boolean; pools: readonly PoolMembership[] }
): GroupFiles => {
  const files: Record<string, string> = {}
  const registry: Record<string, string> = {}
  for (const role of roles) {
    const file = payloadFile(role, r)
    files[file] = renderPayload(p, role, r)
    files[`${role}.yaml`] = JSON.stringify(
      nodeTemplate({
        description: `${p.title}: one ${role}`,
        payloadFile: file,
        settings: settingsOf(p, role).map((s) => ({ env: s.env, secret: s.secret === true })),
        preCreatedPort: role === 'master',
        withSubnet: o.withSubnet,
        floatingIp: r.floatingIp,
        keypair: r.ctx.cluster.keypair !== null,
        availabilityZone: r.labels.availability_zone !== '',
        dockerVolume: r.dockerVolumeSize > 0,
        etcdVolume: role === 'master' && Number(r.labels.etcd_volume_size ?? 0) > 0,
        pools: role === 'master' ? o.pools : [],
        caRotation: p.caRotation === true,
      })
    )
    registry[role === 'master' ? MASTER_TYPE : WORKER_TYPE] = `${role}.yaml`
  }
  return { files, environment: { resource_registry: registry } }
}

export interface GroupOptions {
  role: NodeRole
  net: NetworkPlan
  securityGroups: unknown[]
  facts: Facts
  pools: readonly PoolMembership[]
  poolRefs: Record<string, unknown>
}

/** The properties every node of a role receives from its ResourceGroup. */
const nodeProperties = (p: CoeProfile, r: Resolved, g: GroupOptions): Record<string, unknown> => {
  const names = g.role === 'master' ? p.master : p.worker
  return {
    name: listJoin('-', [getParam('OS::stack_name'), names.serverName, '%index%']),
    node_index: '%index%',
    image: getParam(names.image),
    flavor: getParam(names.flavor),
    ...(r.ctx.cluster.keypair !== null ? { key_name: getParam('ssh_key_name') } : {}),
    ...(r.labels.availability_zone !== ''
      ? { availability_zone: getParam('availability_zone') }
      : {}),
    server_group: getResource(`${g.role}_server_group`),
    fixed_network: g.net.network,
    ...(g.net.subnet !== undefined ? { fixed_subnet: g.net.subnet } : {}),
    ...(g.role === 'master'
      ? {
          ports: { get_attr: ['master_ports', 'refs'] },
          addresses: { get_attr: ['master_ports', 'fixed_ips', 0, 'ip_address'] },
        }
      : { security_groups: g.securityGroups }),
    ...(r.floatingIp ? { external_network: getParam('external_network') } : {}),
    ...(r.dockerVolumeSize > 0 ? { docker_volume_size: getParam('docker_volume_size') } : {}),
    ...(g.role === 'master' && Number(r.labels.etcd_volume_size ?? 0) > 0
      ? { etcd_volume_size: getParam('etcd_volume_size') }
      : {}),
    ...(g.role === 'master' ? g.poolRefs : {}),
    ...(p.caRotation ? { ca_rotation: getParam(CA_ROTATION_PARAMETER) } : {}),
    ...Object.fromEntries(
      settingsOf(p, g.role).map((s) => [s.env.toLowerCase(), s.value(g.role, g.facts)])
    ),
  }
}

/** A role's ResourceGroup: count, removal of named nodes first, rolling replacement. */
export const nodeGroupResource = (p: CoeProfile, r: Resolved, g: GroupOptions): HotResource => {
  const names = g.role === 'master' ? p.master : p.worker
  return {
    type: 'OS::Heat::ResourceGroup',
    depends_on: g.net.dependsOn,
    properties: {
      count: getParam(names.count),
      ...(g.role === 'worker'
        ? { removal_policies: [{ resource_list: getParam(p.worker.remove) }] }
        : {}),
      resource_def: {
        type: g.role === 'master' ? MASTER_TYPE : WORKER_TYPE,
        properties: nodeProperties(p, r, g),
      },
    },
    update_policy: {
      rolling_update: {
        // Masters one at a time keeps etcd/ZooKeeper/Raft quorum through an upgrade.
        max_batch_size: g.role === 'master' ? 1 : getParam('update_max_batch_size'),
        pause_time: 0,
      },
    },
  }
}

export const serverGroup = (role: NodeRole): HotResource => ({
  type: 'OS::Nova::ServerGroup',
  properties: {
    name: listJoin('-', [getParam('OS::stack_name'), role]),
    policies: [getParam('nodes_affinity_policy')],
  },
})
