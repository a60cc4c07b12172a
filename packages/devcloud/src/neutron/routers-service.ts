import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, conflict, notFound } from '../http'
import { randomUuid } from '../ids'
import { allocateAddress, randomMac } from './ipam'
import type { Port, Router } from './model'
import { deletePort, networkFor, visiblePort } from './ports-service'

export const ROUTER_INTERFACE = 'network:router_interface'

export const routerNotFound = (id: string) =>
  notFound(`Router ${id} could not be found`, 'RouterNotFound')

export const visibleRouter = (cloud: DevCloud, actor: Actor, id: string): Router => {
  const router = cloud.state.data.routers.find((r) => r.id === id)
  if (!router || !owns(actor, router.projectId)) throw routerNotFound(id)
  return router
}

export interface GatewayRequest {
  networkId: string
  enableSnat?: boolean
}

const gatewayFor = (cloud: DevCloud, actor: Actor, req: GatewayRequest) => {
  const network = networkFor(cloud, actor, req.networkId)
  if (!network.external) {
    throw badRequest(
      `Bad router request: Network ${network.id} is not an external network.`,
      'BadRequest'
    )
  }
  const subnet = cloud.state.data.subnets.find(
    (s) => s.networkId === network.id && s.ipVersion === 4
  )
  const fixedIps = subnet
    ? [{ subnetId: subnet.id, ipAddress: allocateAddress(cloud.state.data, subnet) }]
    : []
  return { networkId: network.id, enableSnat: req.enableSnat ?? true, fixedIps }
}

export const createRouter = (
  cloud: DevCloud,
  actor: Actor,
  req: {
    name?: string
    description?: string
    adminStateUp?: boolean
    gateway?: GatewayRequest
    tags?: string[]
  }
): Router => {
  const at = cloud.now().toISOString()
  const router: Router = {
    id: randomUuid(),
    name: req.name ?? '',
    projectId: actor.projectId,
    description: req.description ?? '',
    adminStateUp: req.adminStateUp ?? true,
    externalGateway: req.gateway ? gatewayFor(cloud, actor, req.gateway) : null,
    routes: [],
    tags: req.tags ?? [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: req.gateway ? 3 : 1,
  }
  cloud.state.data.routers.push(router)
  cloud.state.save()
  return router
}

export const updateRouter = (
  cloud: DevCloud,
  actor: Actor,
  id: string,
  req: {
    name?: string
    description?: string
    adminStateUp?: boolean
    gateway?: GatewayRequest | null
  }
): Router => {
  const router = visibleRouter(cloud, actor, id)
  if (req.name !== undefined) router.name = req.name
  if (req.description !== undefined) router.description = req.description
  if (req.adminStateUp !== undefined) router.adminStateUp = req.adminStateUp
  if (req.gateway === null) {
    if (cloud.state.data.floatingIps.some((f) => f.routerId === router.id)) {
      throw conflict(
        `Gateway cannot be updated for router ${router.id}, since a gateway to external network ${router.externalGateway?.networkId} is required by one or more floating IPs.`,
        'RouterExternalGatewayInUseByFloatingIp'
      )
    }
    router.externalGateway = null
  } else if (
    req.gateway !== undefined &&
    req.gateway.networkId !== router.externalGateway?.networkId
  ) {
    router.externalGateway = gatewayFor(cloud, actor, req.gateway)
  }
  router.updatedAt = cloud.now().toISOString()
  router.revisionNumber += 1
  cloud.state.save()
  return router
}

export const routerInterfaces = (cloud: DevCloud, routerId: string): Port[] =>
  cloud.state.data.ports.filter(
    (p) => p.deviceOwner === ROUTER_INTERFACE && p.deviceId === routerId
  )

export const deleteRouter = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  const router = visibleRouter(cloud, actor, id)
  const attached = routerInterfaces(cloud, id)
  if (attached.length > 0) {
    throw conflict(
      `Router ${id} has ports still attached: ${attached.map((p) => p.id).join(', ')}`,
      'RouterInUse'
    )
  }
  if (data.floatingIps.some((f) => f.routerId === id)) {
    throw conflict(`Router ${id} still has floating IPs associated with it.`, 'RouterInUse')
  }
  data.routers.splice(data.routers.indexOf(router), 1)
  cloud.state.save()
}

/** The body Neutron answers add/remove_router_interface with. */
export interface InterfaceInfo {
  id: string
  tenant_id: string
  port_id: string
  network_id: string
  subnet_id: string
  subnet_ids: string[]
}

const info = (router: Router, port: Port): InterfaceInfo => {
  const subnetId = port.fixedIps[0]?.subnetId ?? ''
  return {
    id: router.id,
    tenant_id: router.projectId,
    port_id: port.id,
    network_id: port.networkId,
    subnet_id: subnetId,
    subnet_ids: port.fixedIps.map((f) => f.subnetId),
  }
}

export const addRouterInterface = (
  cloud: DevCloud,
  actor: Actor,
  id: string,
  req: { subnetId?: string; portId?: string }
): InterfaceInfo => {
  const { data } = cloud.state
  const router = visibleRouter(cloud, actor, id)
  if ((req.subnetId === undefined) === (req.portId === undefined)) {
    throw badRequest(
      'Bad router request: Either subnet_id or port_id must be specified.',
      'BadRequest'
    )
  }
  if (req.portId !== undefined) {
    const port = visiblePort(cloud, actor, req.portId)
    if (port.deviceId !== '')
      throw conflict(`Port ${port.id} is in use by ${port.deviceOwner}.`, 'PortInUse')
    port.deviceId = router.id
    port.deviceOwner = ROUTER_INTERFACE
    port.securityGroupIds = []
    cloud.state.save()
    return info(router, port)
  }
  const subnet = data.subnets.find((s) => s.id === req.subnetId && owns(actor, s.projectId))
  if (!subnet) throw notFound(`Subnet ${req.subnetId} could not be found.`, 'SubnetNotFound')
  if (routerInterfaces(cloud, id).some((p) => p.fixedIps.some((f) => f.subnetId === subnet.id))) {
    throw badRequest(
      `Bad router request: Router already has a port on subnet ${subnet.id}.`,
      'BadRequest'
    )
  }
  if (subnet.gatewayIp === null) {
    throw badRequest(
      'Bad router request: Subnet for router interface must have a gateway IP.',
      'BadRequest'
    )
  }
  const at = cloud.now().toISOString()
  const port: Port = {
    id: randomUuid(),
    name: '',
    projectId: router.projectId,
    networkId: subnet.networkId,
    description: '',
    adminStateUp: true,
    macAddress: randomMac(),
    deviceId: router.id,
    deviceOwner: ROUTER_INTERFACE,
    fixedIps: [{ subnetId: subnet.id, ipAddress: subnet.gatewayIp }],
    securityGroupIds: [],
    portSecurityEnabled: false,
    allowedAddressPairs: [],
    vnicType: 'normal',
    tags: [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: 2,
  }
  data.ports.push(port)
  router.revisionNumber += 1
  cloud.state.save()
  return info(router, port)
}

export const removeRouterInterface = (
  cloud: DevCloud,
  actor: Actor,
  id: string,
  req: { subnetId?: string; portId?: string }
): InterfaceInfo => {
  const router = visibleRouter(cloud, actor, id)
  const ports = routerInterfaces(cloud, id)
  const port =
    req.portId !== undefined
      ? ports.find((p) => p.id === req.portId)
      : ports.find((p) => p.fixedIps.some((f) => f.subnetId === req.subnetId))
  if (!port) {
    throw req.portId !== undefined
      ? notFound(
          `Router ${id} does not have an interface with id ${req.portId}`,
          'RouterInterfaceNotFound'
        )
      : notFound(
          `Router ${id} has no interface on subnet ${req.subnetId}`,
          'RouterInterfaceNotFoundForSubnet'
        )
  }
  const subnetIds = port.fixedIps.map((f) => f.subnetId)
  const blocking = cloud.state.data.floatingIps.find((f) => {
    const fipPort = cloud.state.data.ports.find((p) => p.id === f.portId)
    return f.routerId === id && fipPort?.fixedIps.some((ip) => subnetIds.includes(ip.subnetId))
  })
  if (blocking) {
    throw conflict(
      `Router interface for subnet ${subnetIds[0]} on router ${id} cannot be deleted, as it is required by one or more floating IPs.`,
      'RouterInterfaceInUseByFloatingIP'
    )
  }
  const result = info(router, port)
  deletePort(cloud, actor, port.id, { internal: true })
  return result
}
