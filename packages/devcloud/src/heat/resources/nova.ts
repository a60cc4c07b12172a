import { createServerGroup, deleteServerGroup } from '../../nova/server-groups'
import { renderServer, serverAddresses } from '../../nova/servers-render'
import {
  createServer,
  deleteServer,
  type NetworkRequest,
  serverStatus,
} from '../../nova/servers-service'
import { metadataOf } from '../engine/pyjson'
import { ignoreNotFound } from './failures'
import { findFlavor, findImage, findKeypair, findNetwork, findPort, findSubnet } from './lookup'
import { DONE, failed, type ResourceRuntime, type ResourceType, type StepResult } from './types'

const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v))
const serverOf = (rt: ResourceRuntime) =>
  rt.cloud.state.data.servers.find((s) => s.id === rt.resource.physicalId)

const networkRequests = (
  rt: ResourceRuntime,
  raw: unknown
): NetworkRequest[] | 'none' | undefined => {
  if (!Array.isArray(raw) || raw.length === 0) return undefined
  return (raw as Record<string, unknown>[]).map((n) => {
    const port = str(n.port)
    if (port !== undefined) return { port: findPort(rt.cloud, rt.actor, port).id }
    const subnet = str(n.subnet)
    const networkRef = str(n.network) ?? str(n.uuid)
    const networkId =
      networkRef !== undefined
        ? findNetwork(rt.cloud, rt.actor, networkRef).id
        : subnet !== undefined
          ? findSubnet(rt.cloud, rt.actor, subnet).networkId
          : ''
    return { uuid: networkId, fixedIp: str(n.fixed_ip) }
  })
}

/** Nova's progress as Heat sees it: ERROR is ResourceInError with Nova's fault. */
const buildProgress = (rt: ResourceRuntime): StepResult => {
  const server = serverOf(rt)
  if (!server)
    return failed(
      'ResourceUnknownStatus',
      'Server is not active - Unknown status DELETED due to "Unknown"'
    )
  const status = serverStatus(server, rt.now)
  if (status === 'BUILD') return { state: 'wait', until: new Date(server.readyAt) }
  if (status === 'ERROR') {
    const fault = server.fault ?? { code: 500, message: 'Unknown' }
    return failed(
      'ResourceInError',
      `Went to status ERROR due to "Message: ${fault.message}, Code: ${fault.code}"`
    )
  }
  return DONE
}

const NETWORK_ITEM = {
  type: 'map' as const,
  schema: Object.fromEntries(
    [
      'uuid',
      'network',
      'fixed_ip',
      'port',
      'subnet',
      'floating_ip',
      'tag',
      'vif_model',
      'allocate_network',
    ].map((k) => [k, { type: 'string' as const }])
  ),
}

export const NovaServer: ResourceType = {
  client: 'nova',
  implicitDependsOnTypes: ['OS::Neutron::Subnet'],
  properties: {
    name: { type: 'string', updatable: true },
    image: { type: 'string', updatable: true },
    block_device_mapping: { type: 'list' },
    block_device_mapping_v2: { type: 'list' },
    flavor: { type: 'string', required: true, updatable: true },
    flavor_update_policy: { type: 'string', default: 'RESIZE', allowed: ['RESIZE', 'REPLACE'] },
    image_update_policy: {
      type: 'string',
      default: 'REBUILD',
      allowed: ['REBUILD', 'REPLACE', 'REBUILD_PRESERVE_EPHEMERAL'],
    },
    key_name: { type: 'string' },
    admin_pass: { type: 'string', updatable: true },
    availability_zone: { type: 'string' },
    security_groups: { type: 'list', default: [] },
    networks: { type: 'list', items: NETWORK_ITEM },
    scheduler_hints: { type: 'map' },
    metadata: { type: 'map', updatable: true },
    user_data_format: {
      type: 'string',
      default: 'HEAT_CFNTOOLS',
      allowed: ['HEAT_CFNTOOLS', 'RAW', 'SOFTWARE_CONFIG'],
    },
    software_config_transport: { type: 'string', default: 'POLL_SERVER_CFN' },
    user_data_update_policy: { type: 'string', default: 'REPLACE', allowed: ['REPLACE', 'IGNORE'] },
    user_data: { type: 'string', default: '' },
    reservation_id: { type: 'string' },
    config_drive: { type: 'boolean' },
    diskConfig: { type: 'string', allowed: ['AUTO', 'MANUAL'] },
    personality: { type: 'map', default: {} },
    deployment_swift_data: { type: 'map', default: {} },
    tags: { type: 'list', updatable: true },
  },
  // In the order Heat checks a provider template against them (the facade check).
  attributes: [
    'name',
    'addresses',
    'networks',
    'first_address',
    'instance_name',
    'accessIPv4',
    'accessIPv6',
    'console_urls',
    'tags',
    'os_collect_config',
    'show',
  ],
  create(rt, props) {
    const key = str(props.key_name)
    if (key !== undefined) findKeypair(rt.cloud, rt.actor, key)
    const hints = (props.scheduler_hints ?? {}) as Record<string, unknown>
    const server = createServer(rt.cloud, rt.actor, {
      name: str(props.name) ?? rt.physicalName(),
      imageRef: findImage(rt.cloud, rt.actor, String(props.image ?? '')).id,
      flavorRef: findFlavor(rt.cloud, rt.actor, String(props.flavor)).id,
      networks: networkRequests(rt, props.networks) ?? 'auto',
      keyName: key,
      metadata: metadataOf(props.metadata),
      userData: Buffer.from(String(props.user_data ?? '')).toString('base64'),
      securityGroups:
        Array.isArray(props.security_groups) && props.security_groups.length > 0
          ? props.security_groups.map(String)
          : undefined,
      availabilityZone: str(props.availability_zone),
      configDrive: props.config_drive === true,
      tags: Array.isArray(props.tags) ? props.tags.map(String) : undefined,
      serverGroupId: str(hints.group),
    })
    rt.resource.physicalId = server.id
    return DONE
  },
  checkCreate: buildProgress,
  update(rt, props, previous) {
    const server = serverOf(rt)
    const same = (k: string) => JSON.stringify(props[k]) === JSON.stringify(previous[k])
    if (
      !server ||
      !same('networks') ||
      !same('key_name') ||
      (!same('user_data') && props.user_data_update_policy !== 'IGNORE')
    ) {
      return 'replace'
    }
    if (!same('flavor')) {
      if (props.flavor_update_policy === 'REPLACE') return 'replace'
      server.flavorId = findFlavor(rt.cloud, rt.actor, String(props.flavor)).id
    }
    if (!same('image')) {
      if (props.image_update_policy === 'REPLACE') return 'replace'
      server.imageId = findImage(rt.cloud, rt.actor, String(props.image)).id
    }
    server.name = str(props.name) ?? server.name
    server.metadata = metadataOf(props.metadata)
    server.tags = Array.isArray(props.tags) ? props.tags.map(String) : server.tags
    return DONE
  },
  delete(rt) {
    if (rt.resource.physicalId !== '')
      ignoreNotFound(() => deleteServer(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute(rt, name) {
    const server = serverOf(rt)
    if (!server) return null
    const addresses = serverAddresses(rt.cloud, server)
    const withPorts = Object.fromEntries(
      Object.entries(addresses).map(([net, list]) => [
        net,
        list.map((a) => ({
          ...a,
          port:
            server.portIds.find((p) =>
              rt.cloud.state.data.ports
                .find((x) => x.id === p)
                ?.fixedIps.some((f) => f.ipAddress === a.addr)
            ) ?? null,
        })),
      ])
    )
    const networks: Record<string, string[]> = {}
    for (const [net, list] of Object.entries(addresses)) {
      const ips = list.map((a) => a.addr)
      networks[net] = ips
      const id = rt.cloud.state.data.networks.find((n) => n.name === net)?.id
      if (id !== undefined) networks[id] = ips
    }
    const values: Record<string, unknown> = {
      name: server.name,
      addresses: withPorts,
      networks,
      first_address:
        Object.values(addresses)
          .flat()
          .find((a) => a.version === 4 && a['OS-EXT-IPS:type'] === 'fixed')?.addr ?? '',
      instance_name: `instance-${server.id.slice(0, 8)}`,
      accessIPv4: '',
      accessIPv6: '',
      console_urls: { novnc: `${rt.cloud.config.baseUrl()}/vnc_auto.html?token=${server.id}` },
      tags: server.tags,
      os_collect_config: {},
      show: renderServer(rt.cloud, server, 93, { show: true }),
    }
    return values[name] ?? null
  },
}

export const NovaServerGroup: ResourceType = {
  client: 'nova',
  properties: {
    name: { type: 'string' },
    policies: { type: 'list', default: ['anti-affinity'] },
    rules: { type: 'map' },
  },
  attributes: [],
  create(rt, props) {
    const policies = (props.policies ?? ['anti-affinity']) as string[]
    const group = createServerGroup(rt.cloud, rt.actor, {
      name: str(props.name) ?? rt.physicalName(),
      policy: String(policies[0] ?? 'anti-affinity'),
      rules: props.rules as Record<string, unknown> | undefined,
    })
    rt.resource.physicalId = group.id
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deleteServerGroup(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute: () => null,
}
