import { renderRouter } from '../../neutron/render'
import {
  addRouterInterface,
  createRouter,
  deleteRouter,
  removeRouterInterface,
  updateRouter,
} from '../../neutron/routers-service'
import { ignoreNotFound } from './failures'
import { findNetwork, findPort, findRouter, findSubnet } from './lookup'
import { DONE, type ResourceRuntime, type ResourceType } from './types'

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v))
const routerOf = (rt: ResourceRuntime, id: string) =>
  rt.cloud.state.data.routers.find((r) => r.id === id)

const gatewayOf = (rt: ResourceRuntime, info: unknown) => {
  if (info === undefined || info === null) return undefined
  const g = info as Record<string, unknown>
  return {
    networkId: findNetwork(rt.cloud, rt.actor, String(g.network ?? '')).id,
    enableSnat: g.enable_snat === undefined ? undefined : g.enable_snat !== false,
  }
}

export const NeutronRouter: ResourceType = {
  client: 'neutron',
  properties: {
    name: { type: 'string', updatable: true },
    external_gateway_info: {
      type: 'map',
      updatable: true,
      schema: {
        network: { type: 'string', required: true },
        enable_snat: { type: 'boolean' },
        external_fixed_ips: { type: 'list' },
      },
    },
    value_specs: { type: 'map', default: {} },
    admin_state_up: { type: 'boolean', default: true, updatable: true },
    l3_agent_ids: { type: 'list' },
    distributed: { type: 'boolean' },
    ha: { type: 'boolean' },
    tags: { type: 'list', updatable: true },
  },
  attributes: ['status', 'external_gateway_info', 'name', 'admin_state_up', 'tenant_id', 'show'],
  create(rt, props) {
    const router = createRouter(rt.cloud, rt.actor, {
      name: str(props.name) ?? rt.physicalName(),
      adminStateUp: props.admin_state_up !== false,
      gateway: gatewayOf(rt, props.external_gateway_info),
      tags: Array.isArray(props.tags) ? props.tags.map(String) : undefined,
    })
    rt.resource.physicalId = router.id
    return DONE
  },
  update(rt, props) {
    updateRouter(rt.cloud, rt.actor, rt.resource.physicalId, {
      name: str(props.name),
      adminStateUp: props.admin_state_up !== false,
      gateway: gatewayOf(rt, props.external_gateway_info) ?? null,
    })
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deleteRouter(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute(rt, name) {
    const router = routerOf(rt, rt.resource.physicalId)
    if (!router) return null
    const r = renderRouter(router)
    const values: Record<string, unknown> = { ...r, tenant_id: r.tenant_id }
    return name === 'show' ? r : values[name]
  },
}

/** The reference Heat gives an interface: `<router>:subnet_id=<subnet>` or `…:port_id=…`. */
export const NeutronRouterInterface: ResourceType = {
  client: 'neutron',
  properties: {
    router: { type: 'string', required: true },
    router_id: { type: 'string' },
    subnet: { type: 'string' },
    subnet_id: { type: 'string' },
    port: { type: 'string' },
    port_id: { type: 'string' },
  },
  attributes: [],
  create(rt, props) {
    const router = findRouter(rt.cloud, rt.actor, String(props.router ?? props.router_id ?? ''))
    const subnetRef = str(props.subnet) ?? str(props.subnet_id)
    const portRef = str(props.port) ?? str(props.port_id)
    const subnetId =
      subnetRef === undefined ? undefined : findSubnet(rt.cloud, rt.actor, subnetRef).id
    const portId = portRef === undefined ? undefined : findPort(rt.cloud, rt.actor, portRef).id
    addRouterInterface(rt.cloud, rt.actor, router.id, { subnetId, portId })
    rt.resource.data = { routerId: router.id, subnetId, portId }
    rt.resource.physicalId =
      subnetId !== undefined
        ? `${router.id}:subnet_id=${subnetId}`
        : `${router.id}:port_id=${portId}`
    return DONE
  },
  delete(rt) {
    const d = rt.resource.data as { routerId?: string; subnetId?: string; portId?: string }
    if (d.routerId === undefined) return DONE
    ignoreNotFound(() =>
      removeRouterInterface(rt.cloud, rt.actor, d.routerId as string, {
        subnetId: d.subnetId,
        portId: d.portId,
      })
    )
    return DONE
  },
  attribute: () => null,
}
