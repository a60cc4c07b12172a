import type { ClusterDriver } from '@berth/core/ports/drivers'
import { SWARM_MODE_DESCRIPTOR } from '../descriptors'
import { heatDriver } from '../kit/driver'
import type { LabelSpec } from '../kit/labels'
import { executable, nodePayload } from '../kit/node-payload'
import type { CoeProfile } from '../kit/profile'
import {
  SWARM_MANAGER_PATH,
  SWARM_MANAGER_SH,
  SWARM_NODE_PATH,
  SWARM_NODE_SH,
  SWARM_WORKER_PATH,
  SWARM_WORKER_SH,
} from './scripts'

/** Magnum's swarm-mode API port: 2375, with TLS unless tls_disabled. */
export const SWARM_API_PORT = 2375

export const SWARM_LABELS: readonly LabelSpec[] = [
  {
    name: 'docker_version',
    kind: 'version',
    default: '27.3.1',
    env: 'DOCKER_VERSION',
    description: 'Docker Engine release (static binaries) of every node',
  },
  {
    name: 'swarm_default_addr_pool',
    kind: 'cidr',
    default: '10.20.0.0/16',
    env: 'SWARM_DEFAULT_ADDR_POOL',
    roles: ['master'],
    description: 'address pool of overlay networks (kept clear of the private subnet)',
  },
]

/**
 * Docker swarm mode on Fedora CoreOS or Ubuntu: managers (the first one initialises the
 * swarm) and workers, joining with tokens read from a manager's TLS-protected Docker API.
 */
export const SWARM_MODE: CoeProfile = {
  ...SWARM_MODE_DESCRIPTOR,
  title: 'Docker swarm mode',
  labels: SWARM_LABELS,
  versionLabel: 'docker_version',
  containerVersionLabel: 'docker_version',
  networkDrivers: ['docker'],
  oddMasters: true,
  master: {
    count: 'number_of_masters',
    flavor: 'master_flavor',
    image: 'master_image',
    group: 'swarm_masters',
    outputPublic: 'swarm_masters',
    outputPrivate: 'swarm_masters_private',
    serverName: 'manager',
  },
  worker: {
    count: 'number_of_nodes',
    flavor: 'node_flavor',
    image: 'node_image',
    group: 'swarm_nodes',
    outputPublic: 'swarm_nodes',
    outputPrivate: 'swarm_nodes_private',
    serverName: 'node',
    remove: 'nodes_to_remove',
  },
  masterPorts: () => [{ protocol: 'tcp', from: SWARM_API_PORT }],
  // Published services are reachable on every node through the routing mesh, on any port.
  workerPorts: () => [
    { protocol: 'tcp', from: 1, to: 65535 },
    { protocol: 'udp', from: 1, to: 65535 },
  ],
  lbPorts: () => [SWARM_API_PORT],
  apiUrl: (host) => `tcp://${host}:${SWARM_API_PORT}`,
  payload: (role, r) =>
    nodePayload(
      {
        describe: (role) => `Berth: swarm ${role === 'master' ? 'manager' : 'worker'}`,
        files: [executable(SWARM_NODE_PATH, SWARM_NODE_SH)],
        master: executable(SWARM_MANAGER_PATH, SWARM_MANAGER_SH),
        worker: executable(SWARM_WORKER_PATH, SWARM_WORKER_SH),
        packages: r.distro === 'ubuntu' ? ['jq'] : [],
      },
      role
    ),
  settings: [],
}

export const swarmModeDriver: ClusterDriver = heatDriver(SWARM_MODE)
