import { getParam, type HotParameter } from '../heat/hot'
import { caRotationParameters } from './ca-rotation'
import { type LabelSpec, PAYLOAD_SAFE, URL_SAFE } from './labels'
import type { CoeProfile, SettingSpec } from './profile'

/** Labels every Heat driver understands, with Magnum's names and defaults. */
export const COMMON_LABELS: readonly LabelSpec[] = [
  {
    name: 'fixed_subnet_cidr',
    kind: 'cidr',
    default: '10.0.0.0/24',
    description: 'CIDR of the private subnet Berth creates (without fixed_network)',
  },
  {
    name: 'availability_zone',
    kind: 'string',
    default: '',
    description: 'Nova availability zone of all nodes (empty: the cloud chooses)',
  },
  {
    name: 'master_lb_floating_ip_enabled',
    kind: 'boolean',
    default: 'floating_ip_enabled',
    description:
      'floating IP on the master load balancer (default: the cluster floating_ip_enabled)',
  },
  {
    name: 'octavia_provider',
    kind: 'string',
    default: 'amphora',
    description: 'Octavia provider of the master load balancer',
  },
  {
    name: 'octavia_lb_algorithm',
    kind: 'choice',
    default: 'ROUND_ROBIN',
    choices: ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP'],
    description: 'balancing algorithm of the master load balancer',
  },
  {
    name: 'master_lb_allowed_cidrs',
    kind: 'string',
    default: '',
    description: 'comma-separated CIDRs allowed to reach the load balancer (empty: all)',
  },
]

const str = (
  description: string,
  fallback = '',
  extra: Partial<HotParameter> = {}
): HotParameter => ({
  type: 'string',
  description,
  default: fallback,
  ...extra,
})
const safe = [{ allowed_pattern: PAYLOAD_SAFE }]
const secret = (description: string): HotParameter => ({
  type: 'string',
  description,
  hidden: true,
  constraints: [{ allowed_pattern: URL_SAFE }],
})

/** Parameters both stacks of every driver declare (Magnum's names where Magnum has one). */
export const commonParameters = (p: CoeProfile): Record<string, HotParameter> => ({
  cluster_uuid: str('the cluster this stack belongs to'),
  magnum_url: str("Berth's API (Magnum's magnum_url), for certificates", '', { constraints: safe }),
  auth_url: str('Keystone v3', '', { constraints: safe }),
  region_name: str('region of the cloud', '', { constraints: safe }),
  application_credential_id: secret("the cluster's application credential"),
  application_credential_secret: secret('its secret'),
  external_network: str('network of floating IPs and the router gateway', 'public'),
  fixed_network: str('existing network for the nodes (empty: one is created)'),
  fixed_subnet: str('existing subnet for the nodes'),
  dns_nameserver: {
    type: 'comma_delimited_list',
    description: 'DNS servers of the created subnet',
    default: '8.8.8.8',
  },
  ssh_key_name: str('Nova keypair on every node'),
  http_proxy: str('HTTP proxy for nodes', '', { constraints: safe }),
  https_proxy: str('HTTPS proxy for nodes', '', { constraints: safe }),
  no_proxy: str('hosts bypassing the proxy', '', { constraints: safe }),
  tls_disabled: { type: 'boolean', description: 'serve the API without TLS', default: false },
  network_driver: str('container network', p.networkDrivers[0], {
    constraints: [{ allowed_values: [...p.networkDrivers] }],
  }),
  nodes_affinity_policy: str('server group policy', 'soft-anti-affinity', {
    constraints: [
      { allowed_values: ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'] },
    ],
  }),
  docker_volume_size: {
    type: 'number',
    description: 'GB of Cinder volume for container storage (0: none)',
    default: 0,
  },
  update_max_batch_size: {
    type: 'number',
    description: 'nodes replaced at a time by an upgrade',
    default: 1,
    constraints: [{ range: { min: 1 } }],
  },
  is_cluster_stack: { type: 'boolean', description: "the cluster's own stack", default: true },
  master_nodegroup_name: str('name of the master nodegroup'),
  worker_nodegroup_name: str('name of the worker nodegroup of this stack'),
  worker_role: str('role of the worker nodegroup of this stack', 'worker', { constraints: safe }),
  [p.worker.count]: { type: 'number', description: 'worker count', default: 1 },
  [p.worker.flavor]: str('worker flavor', 'm1.small'),
  [p.worker.image]: str('worker image'),
  [p.worker.remove]: {
    type: 'comma_delimited_list',
    description: 'workers to remove first on scale-down (server ids or resource names)',
    default: '',
  },
  ...caRotationParameters(p),
})

/** Parameters only the cluster's stack declares. */
export const clusterOnlyParameters = (p: CoeProfile): Record<string, HotParameter> => ({
  [p.master.count]: { type: 'number', description: 'master count', default: 1 },
  [p.master.flavor]: str('master flavor', 'm1.small'),
  [p.master.image]: str('master image'),
})

/** Parameters only a nodegroup's stack declares: how it joins the existing cluster. */
export const nodeGroupOnlyParameters = (): Record<string, HotParameter> => ({
  existing_master_private_ip: str("the API's private address (load balancer or first master)"),
  existing_master_addresses: str('fixed addresses of all masters, comma-separated'),
  existing_security_group: str("the cluster's shared security group"),
})

const param = (name: string) => (): unknown => getParam(name)

/** Settings every node gets, whatever the COE. */
export const COMMON_SETTINGS: readonly SettingSpec[] = [
  { env: 'CLUSTER_UUID', roles: ['master', 'worker'], value: param('cluster_uuid') },
  { env: 'MAGNUM_URL', roles: ['master', 'worker'], value: param('magnum_url') },
  { env: 'AUTH_URL', roles: ['master', 'worker'], value: param('auth_url') },
  { env: 'REGION_NAME', roles: ['master', 'worker'], value: param('region_name') },
  { env: 'TLS_DISABLED', roles: ['master', 'worker'], value: param('tls_disabled') },
  { env: 'HTTP_PROXY', roles: ['master', 'worker'], value: param('http_proxy') },
  { env: 'HTTPS_PROXY', roles: ['master', 'worker'], value: param('https_proxy') },
  { env: 'NO_PROXY', roles: ['master', 'worker'], value: param('no_proxy') },
  { env: 'NETWORK_DRIVER', roles: ['master', 'worker'], value: param('network_driver') },
  {
    env: 'APPLICATION_CREDENTIAL_ID',
    roles: ['master', 'worker'],
    secret: true,
    value: param('application_credential_id'),
  },
  {
    env: 'APPLICATION_CREDENTIAL_SECRET',
    roles: ['master', 'worker'],
    secret: true,
    value: param('application_credential_secret'),
  },
  {
    env: 'NODEGROUP_NAME',
    roles: ['master', 'worker'],
    value: (role) =>
      getParam(role === 'master' ? 'master_nodegroup_name' : 'worker_nodegroup_name'),
  },
  {
    env: 'NODEGROUP_ROLE',
    roles: ['master', 'worker'],
    value: (role) => (role === 'master' ? 'master' : getParam('worker_role')),
  },
  { env: 'API_PRIVATE_ADDRESS', roles: ['master', 'worker'], value: (_, f) => f.apiPrivateAddress },
  { env: 'API_PUBLIC_ADDRESS', roles: ['master', 'worker'], value: (_, f) => f.apiPublicAddress },
  { env: 'MASTER_ADDRESSES', roles: ['master', 'worker'], value: (_, f) => f.masterAddresses },
]
