import { placeholder } from '../boot/payload'
import { CA_ROTATION_METADATA } from '../kit/ca-rotation'
import {
  getAttr,
  getFile,
  getParam,
  getResource,
  type HotParameter,
  type HotResource,
  type HotTemplate,
  strReplace,
  template,
} from './hot'

/** Settings every node template computes itself rather than receiving. */
export const NODE_LOCAL = [
  'NODE_NAME',
  'NODE_INDEX',
  'NODE_PRIVATE_ADDRESS',
  'NODE_PUBLIC_ADDRESS',
  'DOCKER_VOLUME_ID',
  'ETCD_VOLUME_ID',
] as const

export interface PoolMembership {
  /** The nested parameter carrying the pool id. */
  poolParam: string
  port: number
}

export interface NodeTemplateOptions {
  description: string
  /** `files` key of the boot payload template Heat fills in. */
  payloadFile: string
  /** Settings passed in from the parent (environment variable names); secrets stay hidden. */
  settings: readonly { env: string; secret: boolean }[]
  /** Masters use ports created beforehand (stable addresses); workers create their own. */
  preCreatedPort: boolean
  /** The subnet is known (fixed_ips), or only the network (fixed_network without subnet). */
  withSubnet: boolean
  floatingIp: boolean
  keypair: boolean
  availabilityZone: boolean
  dockerVolume: boolean
  etcdVolume: boolean
  pools: readonly PoolMembership[]
  /** The server's metadata carries the CA generation (kit/ca-rotation.ts), updated in place. */
  caRotation?: boolean
}

const str = (description: string, extra: Partial<HotParameter> = {}): HotParameter => ({
  type: 'string',
  description,
  ...extra,
})

const nodeParameters = (o: NodeTemplateOptions): Record<string, HotParameter> => ({
  name: str('server name, also the node name'),
  node_index: { type: 'number', description: 'index in the group' },
  image: str('Glance image'),
  flavor: str('Nova flavor'),
  ...(o.keypair ? { key_name: str('Nova keypair') } : {}),
  ...(o.availabilityZone ? { availability_zone: str('availability zone') } : {}),
  server_group: str('server group (soft anti-affinity)'),
  fixed_network: str('network of the node port'),
  ...(o.withSubnet ? { fixed_subnet: str('subnet of the node port') } : {}),
  ...(o.preCreatedPort
    ? {
        ports: { type: 'comma_delimited_list', description: 'ports created for the group' },
        addresses: { type: 'comma_delimited_list', description: 'their fixed addresses' },
      }
    : { security_groups: { type: 'comma_delimited_list', description: 'security groups' } }),
  ...(o.floatingIp ? { external_network: str('network of floating IPs') } : {}),
  ...(o.dockerVolume ? { docker_volume_size: { type: 'number', description: 'GB' } } : {}),
  ...(o.etcdVolume ? { etcd_volume_size: { type: 'number', description: 'GB' } } : {}),
  ...Object.fromEntries(o.pools.map((p) => [p.poolParam, str('Octavia pool to join')])),
  ...(o.caRotation ? { ca_rotation: str('CA generation the node follows', { default: '' }) } : {}),
  ...Object.fromEntries(
    o.settings.map((s) => [
      s.env.toLowerCase(),
      str(`node setting ${s.env}`, { default: '', ...(s.secret ? { hidden: true } : {}) }),
    ])
  ),
})

const portId = (o: NodeTemplateOptions) =>
  o.preCreatedPort ? getParam('ports', getParam('node_index')) : getResource('port')
const privateAddress = (o: NodeTemplateOptions) =>
  o.preCreatedPort
    ? getParam('addresses', getParam('node_index'))
    : getAttr('port', 'fixed_ips', 0, 'ip_address')

const volume = (sizeParam: string): Record<string, HotResource> => ({
  [`${sizeParam}_volume`]: {
    type: 'OS::Cinder::Volume',
    properties: { size: getParam(sizeParam) },
  },
  [`${sizeParam}_attachment`]: {
    type: 'OS::Cinder::VolumeAttachment',
    properties: {
      instance_uuid: getResource('server'),
      volume_id: getResource(`${sizeParam}_volume`),
    },
  },
})

const nodeLocalValues = (o: NodeTemplateOptions): Record<string, unknown> => ({
  NODE_NAME: getParam('name'),
  NODE_INDEX: getParam('node_index'),
  NODE_PRIVATE_ADDRESS: privateAddress(o),
  NODE_PUBLIC_ADDRESS: o.floatingIp ? getAttr('floating_ip', 'floating_ip_address') : '',
  DOCKER_VOLUME_ID: o.dockerVolume ? getResource('docker_volume_size_volume') : '',
  ETCD_VOLUME_ID: o.etcdVolume ? getResource('etcd_volume_size_volume') : '',
})

/**
 * The nested template of one node: its port (unless pre-created), optional floating IP and
 * volumes, the server booting the payload with every setting substituted, and its load
 * balancer memberships. Its reference is the server id, so a ResourceGroup's removal policy
 * accepts server UUIDs as Magnum's resize does.
 */
export const nodeTemplate = (o: NodeTemplateOptions): HotTemplate => {
  const resources: Record<string, HotResource> = {}
  if (!o.preCreatedPort) {
    resources.port = {
      type: 'OS::Neutron::Port',
      properties: {
        network: getParam('fixed_network'),
        ...(o.withSubnet ? { fixed_ips: [{ subnet: getParam('fixed_subnet') }] } : {}),
        security_groups: getParam('security_groups'),
      },
    }
  }
  if (o.floatingIp) {
    resources.floating_ip = {
      type: 'OS::Neutron::FloatingIP',
      properties: { floating_network: getParam('external_network'), port_id: portId(o) },
    }
  }
  if (o.dockerVolume) Object.assign(resources, volume('docker_volume_size'))
  if (o.etcdVolume) Object.assign(resources, volume('etcd_volume_size'))
  const values: Record<string, unknown> = {
    ...nodeLocalValues(o),
    ...Object.fromEntries(o.settings.map((s) => [s.env, getParam(s.env.toLowerCase())])),
  }
  resources.server = {
    type: 'OS::Nova::Server',
    properties: {
      name: getParam('name'),
      image: getParam('image'),
      flavor: getParam('flavor'),
      ...(o.keypair ? { key_name: getParam('key_name') } : {}),
      ...(o.availabilityZone ? { availability_zone: getParam('availability_zone') } : {}),
      networks: [{ port: portId(o) }],
      scheduler_hints: { group: getParam('server_group') },
      ...(o.caRotation ? { metadata: { [CA_ROTATION_METADATA]: getParam('ca_rotation') } } : {}),
      user_data_format: 'RAW',
      user_data_update_policy: 'REPLACE',
      user_data: strReplace(
        getFile(o.payloadFile),
        Object.fromEntries(Object.entries(values).map(([env, v]) => [placeholder(env), v]))
      ),
    },
  }
  for (const p of o.pools) {
    resources[`${p.poolParam}_member`] = {
      type: 'OS::Octavia::PoolMember',
      properties: {
        pool: getParam(p.poolParam),
        address: privateAddress(o),
        protocol_port: p.port,
        ...(o.withSubnet ? { subnet: getParam('fixed_subnet') } : {}),
      },
    }
  }
  return template(o.description, {
    parameters: nodeParameters(o),
    resources,
    outputs: {
      'OS::stack_id': { value: getResource('server') },
      private_address: { description: 'fixed address', value: privateAddress(o) },
      public_address: {
        description: 'floating address, or the fixed one without floating IPs',
        value: o.floatingIp ? getAttr('floating_ip', 'floating_ip_address') : privateAddress(o),
      },
    },
  })
}
