import { createHash } from 'node:crypto'
import type { Image } from './glance/model'
import { stableHex, stableUuid } from './ids'
import type { Project, Role, User } from './keystone/model'
import { hashSecret } from './keystone/secrets'
import type { Flavor, Keypair } from './nova/model'
import { sshFingerprint } from './ssh-keys'
import type { StateData } from './state'

/** The ids every seeded resource gets, derived from its name so they never change. */
export const seedIds = {
  domain: 'default',
  project: (name: string) => stableHex(`project:${name}`),
  user: (name: string) => stableHex(`user:${name}`),
  role: (name: string) => stableHex(`role:${name}`),
  image: (name: string) => stableUuid(`image:${name}`),
  network: (name: string) => stableUuid(`network:${name}`),
  subnet: (name: string) => stableUuid(`subnet:${name}`),
}

const DEMO_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDJbwV0vQdprREP8B9Zrb2QU1+wdCQN2dvKhyJYraJme demo@devcloud'
const ALT_PUBLIC_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDr1Z1DyigtWFDD5qLNf5gqA8V4TAUlyzXDDYE3NqRrHz6mXlpzWrcNpOGJBqOrsvomWyIkn6iUgisYuTo6B3eq62ROg2yn8UBjK0GEdvS13qPi7cfzg43Ijgh1xp4BYbfTpvVUuVH3UGjOkJKCWdWQSl2Fi+8v1clLnvHObf0Q3wkks+eW71+FgiAtuTjBm76DJjsIZSGZfMNoZQCYLbrqFTJzR7gFhOQroTF0LCqz41FyufC4cCZFlA12XViWKkVyV8ldxjCVEM0dnjn/O7Vi5uGkdzZ6REB1xC/KTl4XhWGYY4Ynba/pTgD6LmO5yCJXQcyC6fmClgduFz92fJsd alt@devcloud'

const project = (name: string, description: string): Project => ({
  id: seedIds.project(name),
  name,
  domainId: seedIds.domain,
  description,
  enabled: true,
})

const user = (name: string, password: string): User => ({
  id: seedIds.user(name),
  name,
  domainId: seedIds.domain,
  enabled: true,
  passwordHash: hashSecret(password),
  defaultProjectId: null,
  email: null,
})

const role = (name: string): Role => ({ id: seedIds.role(name), name, description: null })

// Checksums are derived from the name: the images have no bytes, but clients expect the fields.
const image = (name: string, osDistro: string, sizeBytes: number, now: string): Image => ({
  id: seedIds.image(name),
  name,
  owner: seedIds.project('admin'),
  visibility: 'public',
  status: 'active',
  diskFormat: 'qcow2',
  containerFormat: 'bare',
  minDisk: 0,
  minRam: 0,
  protected: false,
  hidden: false,
  size: sizeBytes,
  virtualSize: sizeBytes * 4,
  checksum: createHash('md5').update(name).digest('hex'),
  osHashAlgo: 'sha512',
  osHashValue: createHash('sha512').update(name).digest('hex'),
  tags: [],
  properties: { os_distro: osDistro },
  createdAt: now,
  updatedAt: now,
})

const flavor = (
  id: string,
  name: string,
  ramMb: number,
  vcpus: number,
  diskGb: number
): Flavor => ({
  id,
  name,
  ramMb,
  vcpus,
  diskGb,
  ephemeralGb: 0,
  swapMb: 0,
  rxtxFactor: 1,
  isPublic: true,
  disabled: false,
  description: null,
  extraSpecs: {},
  accessProjectIds: [],
})

const keypair = (
  id: number,
  name: string,
  userName: string,
  publicKey: string,
  now: string
): Keypair => ({
  id,
  name,
  userId: seedIds.user(userName),
  type: 'ssh',
  publicKey,
  fingerprint: sshFingerprint(publicKey) ?? '',
  createdAt: now,
})

/** The development cloud's starting state: the names Berth's docs and tests rely on. */
export const seedState = (now: Date = new Date()): StateData => {
  const at = now.toISOString()
  const assign = (userName: string, projectName: string, roleName: string) => ({
    userId: seedIds.user(userName),
    projectId: seedIds.project(projectName),
    roleId: seedIds.role(roleName),
  })
  return {
    version: 1,
    domains: [
      { id: seedIds.domain, name: 'Default', description: 'The default domain', enabled: true },
    ],
    projects: [
      project('admin', 'Bootstrap project for initializing the cloud.'),
      project('demo', 'Demo project'),
      project('alt', 'Alternate demo project'),
      project('service', 'Project for service accounts'),
    ],
    users: [
      user('admin', 'admin'),
      user('demo', 'demo'),
      user('alt', 'alt'),
      user('berth', 'berth'),
    ],
    roles: [role('admin'), role('member'), role('reader'), role('service')],
    impliedRoles: [
      { priorRoleId: seedIds.role('admin'), impliedRoleId: seedIds.role('member') },
      { priorRoleId: seedIds.role('member'), impliedRoleId: seedIds.role('reader') },
    ],
    roleAssignments: [
      assign('admin', 'admin', 'admin'),
      assign('demo', 'demo', 'member'),
      assign('alt', 'alt', 'member'),
      assign('berth', 'service', 'admin'),
    ],
    applicationCredentials: [],
    tokens: {},
    trusts: [],
    images: [
      image('fedora-coreos', 'fedora-coreos', 734_003_200, at),
      image('ubuntu-jammy', 'ubuntu', 676_462_592, at),
    ],
    flavors: [
      flavor('1', 'm1.tiny', 512, 1, 1),
      flavor('2', 'm1.small', 2048, 1, 20),
      flavor('3', 'm1.medium', 4096, 2, 40),
      flavor('4', 'm1.large', 8192, 4, 80),
    ],
    keypairs: [
      keypair(1, 'demo-key', 'demo', DEMO_PUBLIC_KEY, at),
      keypair(2, 'alt-key', 'alt', ALT_PUBLIC_KEY, at),
    ],
    networks: [
      {
        id: seedIds.network('public'),
        name: 'public',
        projectId: seedIds.project('admin'),
        description: '',
        adminStateUp: true,
        status: 'ACTIVE',
        shared: false,
        external: true,
        isDefault: true,
        mtu: 1500,
        portSecurityEnabled: true,
        networkType: 'flat',
        physicalNetwork: 'public',
        segmentationId: null,
        tags: [],
        createdAt: at,
        updatedAt: at,
        revisionNumber: 2,
      },
    ],
    subnets: [
      {
        id: seedIds.subnet('public-subnet'),
        name: 'public-subnet',
        projectId: seedIds.project('admin'),
        networkId: seedIds.network('public'),
        description: '',
        ipVersion: 4,
        cidr: '172.24.4.0/24',
        gatewayIp: '172.24.4.1',
        allocationPools: [{ start: '172.24.4.2', end: '172.24.4.254' }],
        enableDhcp: false,
        dnsNameservers: [],
        hostRoutes: [],
        tags: [],
        createdAt: at,
        updatedAt: at,
        revisionNumber: 0,
      },
    ],
    ports: [],
    routers: [],
    floatingIps: [],
    securityGroups: [],
    securityGroupRules: [],
    servers: [],
    serverGroups: [],
    loadBalancers: [],
    listeners: [],
    pools: [],
    members: [],
    healthMonitors: [],
    volumes: [],
    stacks: [],
  }
}
