import { createPort, deletePort, updatePort } from '../../neutron/ports-service'
import { renderPort } from '../../neutron/render'
import { ignoreNotFound } from './failures'
import { findNetwork, findSubnet } from './lookup'
import { DONE, type ResourceRuntime, type ResourceType } from './types'

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v))
const portOf = (rt: ResourceRuntime) =>
  rt.cloud.state.data.ports.find((p) => p.id === rt.resource.physicalId)

const pairsOf = (v: unknown) =>
  Array.isArray(v)
    ? (v as Record<string, unknown>[]).map((p) => ({
        ipAddress: String(p.ip_address),
        macAddress: str(p.mac_address),
      }))
    : undefined

export const NeutronPort: ResourceType = {
  client: 'neutron',
  properties: {
    network: { type: 'string' },
    network_id: { type: 'string' },
    name: { type: 'string', updatable: true },
    value_specs: { type: 'map', default: {}, updatable: true },
    admin_state_up: { type: 'boolean', default: true, updatable: true },
    fixed_ips: {
      type: 'list',
      updatable: true,
      items: {
        type: 'map',
        schema: {
          subnet: { type: 'string' },
          subnet_id: { type: 'string' },
          ip_address: { type: 'string' },
        },
      },
    },
    no_fixed_ips: { type: 'boolean', default: false },
    mac_address: { type: 'string' },
    device_id: { type: 'string', updatable: true },
    device_owner: { type: 'string', updatable: true },
    security_groups: { type: 'list', updatable: true },
    allowed_address_pairs: {
      type: 'list',
      updatable: true,
      items: {
        type: 'map',
        schema: { ip_address: { type: 'string', required: true }, mac_address: { type: 'string' } },
      },
    },
    port_security_enabled: { type: 'boolean', updatable: true },
    'binding:vnic_type': { type: 'string', default: 'normal' },
    replacement_policy: { type: 'string', default: 'AUTO' },
    qos_policy: { type: 'string' },
    dns_name: { type: 'string' },
    tags: { type: 'list', updatable: true },
  },
  implicitDependsOnTypes: ['OS::Neutron::Subnet'],
  attributes: [
    'admin_state_up',
    'device_id',
    'device_owner',
    'fixed_ips',
    'mac_address',
    'name',
    'network_id',
    'security_groups',
    'status',
    'tenant_id',
    'allowed_address_pairs',
    'subnets',
    'qos_policy_id',
    'dns_assignment',
    'network',
    'show',
  ],
  create(rt, props) {
    const network = findNetwork(rt.cloud, rt.actor, String(props.network ?? props.network_id ?? ''))
    const fixedIps = Array.isArray(props.fixed_ips)
      ? (props.fixed_ips as Record<string, unknown>[]).map((f) => {
          const subnet = str(f.subnet) ?? str(f.subnet_id)
          return {
            subnetId: subnet === undefined ? undefined : findSubnet(rt.cloud, rt.actor, subnet).id,
            ipAddress: str(f.ip_address),
          }
        })
      : props.no_fixed_ips === true
        ? []
        : undefined
    const port = createPort(rt.cloud, rt.actor, {
      networkId: network.id,
      name: str(props.name) ?? rt.physicalName(),
      adminStateUp: props.admin_state_up !== false,
      fixedIps,
      macAddress: str(props.mac_address),
      deviceId: str(props.device_id),
      deviceOwner: str(props.device_owner),
      securityGroups: Array.isArray(props.security_groups)
        ? props.security_groups.map(String)
        : undefined,
      allowedAddressPairs: pairsOf(props.allowed_address_pairs),
      portSecurityEnabled:
        props.port_security_enabled === undefined
          ? undefined
          : props.port_security_enabled !== false,
      vnicType: str(props['binding:vnic_type']),
      tags: Array.isArray(props.tags) ? props.tags.map(String) : undefined,
    })
    rt.resource.physicalId = port.id
    return DONE
  },
  update(rt, props, previous) {
    if (
      props.network !== previous.network ||
      JSON.stringify(props.fixed_ips) !== JSON.stringify(previous.fixed_ips)
    ) {
      return 'replace'
    }
    updatePort(rt.cloud, rt.actor, rt.resource.physicalId, {
      name: str(props.name),
      adminStateUp: props.admin_state_up !== false,
      securityGroups: Array.isArray(props.security_groups)
        ? props.security_groups.map(String)
        : undefined,
      allowedAddressPairs: pairsOf(props.allowed_address_pairs),
      portSecurityEnabled:
        props.port_security_enabled === undefined
          ? undefined
          : props.port_security_enabled !== false,
    })
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deletePort(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute(rt, name) {
    const port = portOf(rt)
    if (!port) return null
    const r = renderPort(port)
    const values: Record<string, unknown> = {
      ...r,
      subnets: port.fixedIps
        .map((f) => rt.cloud.state.data.subnets.find((s) => s.id === f.subnetId))
        .filter(Boolean),
      network: rt.cloud.state.data.networks.find((n) => n.id === port.networkId),
      qos_policy_id: null,
      dns_assignment: [],
    }
    return name === 'show' ? r : values[name]
  },
}
