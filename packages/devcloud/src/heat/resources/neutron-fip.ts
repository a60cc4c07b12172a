import {
  createFloatingIp,
  deleteFloatingIp,
  updateFloatingIp,
} from '../../neutron/floating-ips-service'
import { renderFloatingIp } from '../../neutron/render'
import { ignoreNotFound } from './failures'
import { findNetwork, findPort, findSubnet } from './lookup'
import { DONE, type ResourceRuntime, type ResourceType } from './types'

const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v))
const fipOf = (rt: ResourceRuntime, id: string) =>
  rt.cloud.state.data.floatingIps.find((f) => f.id === id)

/** A floating IP waits for the stack's routers and interfaces: Neutron needs the path first. */
const ROUTING = ['OS::Neutron::RouterInterface', 'OS::Neutron::Router'] as const

export const NeutronFloatingIp: ResourceType = {
  client: 'neutron',
  implicitDependsOnTypes: ROUTING,
  properties: {
    floating_network: { type: 'string' },
    floating_network_id: { type: 'string' },
    floating_subnet: { type: 'string' },
    value_specs: { type: 'map', default: {} },
    port_id: { type: 'string', updatable: true },
    fixed_ip_address: { type: 'string', updatable: true },
    floating_ip_address: { type: 'string' },
    dns_name: { type: 'string' },
    dns_domain: { type: 'string' },
  },
  attributes: [
    'router_id',
    'tenant_id',
    'floating_network_id',
    'fixed_ip_address',
    'floating_ip_address',
    'port_id',
    'show',
  ],
  create(rt, props) {
    const network = findNetwork(
      rt.cloud,
      rt.actor,
      String(props.floating_network ?? props.floating_network_id ?? '')
    )
    const subnet = str(props.floating_subnet)
    const port = str(props.port_id)
    const fip = createFloatingIp(rt.cloud, rt.actor, {
      floatingNetworkId: network.id,
      subnetId: subnet === undefined ? undefined : findSubnet(rt.cloud, rt.actor, subnet).id,
      portId: port === undefined ? undefined : findPort(rt.cloud, rt.actor, port).id,
      fixedIpAddress: str(props.fixed_ip_address),
      floatingIpAddress: str(props.floating_ip_address),
    })
    rt.resource.physicalId = fip.id
    return DONE
  },
  update(rt, props) {
    const port = str(props.port_id)
    updateFloatingIp(rt.cloud, rt.actor, rt.resource.physicalId, {
      portId: port === undefined ? null : findPort(rt.cloud, rt.actor, port).id,
      fixedIpAddress: str(props.fixed_ip_address),
    })
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deleteFloatingIp(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute(rt, name) {
    const fip = fipOf(rt, rt.resource.physicalId)
    if (!fip) return null
    const r = renderFloatingIp(
      fip,
      rt.cloud.state.data.ports.find((p) => p.id === fip.portId)
    )
    return name === 'show' ? r : (r as Record<string, unknown>)[name]
  },
}

export const NeutronFloatingIpAssociation: ResourceType = {
  client: 'neutron',
  implicitDependsOnTypes: ROUTING,
  properties: {
    floatingip_id: { type: 'string', required: true, updatable: true },
    port_id: { type: 'string', required: true, updatable: true },
    fixed_ip_address: { type: 'string', updatable: true },
  },
  attributes: [],
  create(rt, props) {
    const port = findPort(rt.cloud, rt.actor, String(props.port_id)).id
    const fipId = String(props.floatingip_id)
    updateFloatingIp(rt.cloud, rt.actor, fipId, {
      portId: port,
      fixedIpAddress: str(props.fixed_ip_address),
    })
    rt.resource.data = { fipId }
    rt.resource.physicalId = `${fipId}:${port}`
    return DONE
  },
  delete(rt) {
    const fipId = rt.resource.data.fipId
    if (typeof fipId === 'string') {
      ignoreNotFound(() => updateFloatingIp(rt.cloud, rt.actor, fipId, { portId: null }))
    }
    return DONE
  },
  attribute: () => null,
}
