import type { ClusterDriver } from '@berth/core/ports/drivers'
import { MESOS_UBUNTU_DESCRIPTOR } from '../descriptors'
import { heatDriver } from '../kit/driver'
import type { LabelSpec } from '../kit/labels'
import { executable, type NodeBoot, nodePayload } from '../kit/node-payload'
import type { CoeProfile } from '../kit/profile'
import {
  MESOS_AGENT_PATH,
  MESOS_AGENT_SH,
  MESOS_MASTER_PATH,
  MESOS_MASTER_SH,
  MESOS_NODE_PATH,
  MESOS_NODE_SH,
} from './scripts'

const MESOS_PORT = 5050
const MARATHON_PORT = 8080

export const MESOS_LABELS: readonly LabelSpec[] = [
  {
    name: 'mesos_version',
    kind: 'version',
    default: '1.7.1',
    env: 'MESOS_VERSION',
    description: 'Mesos release (mesosphere/mesos-master and mesos-slave images)',
  },
  {
    name: 'marathon_version',
    kind: 'version',
    default: 'v1.8.222',
    env: 'MARATHON_VERSION',
    roles: ['master'],
    description: 'Marathon release (mesosphere/marathon image)',
  },
  {
    name: 'zookeeper_tag',
    kind: 'version',
    default: '3.8.4',
    env: 'ZOOKEEPER_TAG',
    roles: ['master'],
    description: 'ZooKeeper release (zookeeper image) on the masters',
  },
  {
    name: 'mesos_slave_isolation',
    kind: 'string',
    default: 'cgroups/cpu,cgroups/mem',
    env: 'MESOS_SLAVE_ISOLATION',
    roles: ['worker'],
    description: 'agent isolators',
  },
  {
    name: 'mesos_slave_image_providers',
    kind: 'string',
    default: 'docker',
    env: 'MESOS_SLAVE_IMAGE_PROVIDERS',
    roles: ['worker'],
    description: 'image providers of the Mesos containerizer',
  },
  {
    name: 'mesos_slave_work_dir',
    kind: 'string',
    default: '/var/lib/mesos',
    env: 'MESOS_SLAVE_WORK_DIR',
    roles: ['worker'],
    description: 'agent work directory',
  },
]

const MESOS_BOOT: NodeBoot = {
  describe: (role) => `Berth: Mesos ${role === 'master' ? 'master' : 'agent'}`,
  files: [executable(MESOS_NODE_PATH, MESOS_NODE_SH)],
  master: executable(MESOS_MASTER_PATH, MESOS_MASTER_SH),
  worker: executable(MESOS_AGENT_PATH, MESOS_AGENT_SH),
  after: ['docker.service'],
  packages: ['docker.io', 'jq'],
}

/**
 * Mesos on Ubuntu (Magnum's mesos_ubuntu_v1): masters run ZooKeeper, mesos-master and
 * Marathon, agents run mesos-slave; Magnum's parameter and output names (`number_of_slaves`,
 * `slaves_to_remove`, `mesos_master`, `mesos_slaves`).
 */
export const MESOS_UBUNTU: CoeProfile = {
  ...MESOS_UBUNTU_DESCRIPTOR,
  title: 'Mesos on Ubuntu',
  labels: MESOS_LABELS,
  versionLabel: 'mesos_version',
  networkDrivers: ['docker'],
  oddMasters: true,
  master: {
    count: 'number_of_masters',
    flavor: 'master_flavor',
    image: 'master_image',
    group: 'mesos_masters',
    outputPublic: 'mesos_master',
    outputPrivate: 'mesos_master_private',
    serverName: 'master',
  },
  worker: {
    count: 'number_of_slaves',
    flavor: 'slave_flavor',
    image: 'slave_image',
    group: 'mesos_slaves',
    outputPublic: 'mesos_slaves',
    outputPrivate: 'mesos_slaves_private',
    serverName: 'slave',
    remove: 'slaves_to_remove',
  },
  masterPorts: () => [
    { protocol: 'tcp', from: MESOS_PORT },
    { protocol: 'tcp', from: MARATHON_PORT },
  ],
  // Mesos offers this range to tasks by default.
  workerPorts: () => [{ protocol: 'tcp', from: 31000, to: 32000 }],
  lbPorts: () => [MESOS_PORT, MARATHON_PORT],
  apiUrl: (host) => `http://${host}:${MESOS_PORT}`,
  payload: (role) => nodePayload(MESOS_BOOT, role),
  settings: [],
}

export const mesosUbuntuDriver: ClusterDriver = heatDriver(MESOS_UBUNTU)
