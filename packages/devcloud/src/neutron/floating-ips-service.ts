import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, conflict, notFound } from '../http'
import { randomUuid } from '../ids'
import { allocateAddress, claimAddress } from './ipam'
import type { FloatingIp, Port } from './model'
import { networkFor, visiblePort } from './ports-service'
import { ROUTER_INTERFACE } from './routers-service'

export const fipNotFound = (id: string) =>
  notFound(`Floating IP ${id} could not be found`, 'FloatingIPNotFound')

export const visibleFloatingIp = (cloud: DevCloud, actor: Actor, id: string): FloatingIp => {
  const fip = cloud.state.data.floatingIps.find((f) => f.id === id)
  if (!fip || !owns(actor, fip.projectId)) throw fipNotFound(id)
  return fip
}

/**
 * Where a floating IP of `networkId` reaches `port`: a router with its gateway on that network
 * and an interface on one of the port's subnets. Neutron refuses the association otherwise.
 */
const association = (
  cloud: DevCloud,
  fip: FloatingIp,
  port: Port,
  fixedIpAddress: string | undefined
) => {
  const { data } = cloud.state
  const fixed = port.fixedIps.find((f) =>
    fixedIpAddress === undefined ? !f.ipAddress.includes(':') : f.ipAddress === fixedIpAddress
  )
  if (!fixed) {
    throw badRequest(
      fixedIpAddress === undefined
        ? `Bad floatingip request: Port ${port.id} does not have any IPv4 address.`
        : `Bad floatingip request: Port ${port.id} does not have fixed ip ${fixedIpAddress}.`,
      'BadRequest'
    )
  }
  const router = data.routers.find(
    (r) =>
      r.externalGateway?.networkId === fip.floatingNetworkId &&
      data.ports.some(
        (p) =>
          p.deviceOwner === ROUTER_INTERFACE &&
          p.deviceId === r.id &&
          p.fixedIps.some((ip) => ip.subnetId === fixed.subnetId)
      )
  )
  if (!router) {
    throw notFound(
      `External network ${fip.floatingNetworkId} is not reachable from subnet ${fixed.subnetId}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
      'ExternalGatewayForFloatingIPNotFound'
    )
  }
  const taken = data.floatingIps.find(
    (f) => f.id !== fip.id && f.portId === port.id && f.fixedIpAddress === fixed.ipAddress
  )
  if (taken) {
    throw conflict(
      `Cannot associate floating IP ${fip.floatingIpAddress} (${fip.id}) with port ${port.id} using fixed IP ${fixed.ipAddress}, as that fixed IP already has a floating IP on external network ${fip.floatingNetworkId}.`,
      'FloatingIPPortAlreadyAssociated'
    )
  }
  return { portId: port.id, fixedIpAddress: fixed.ipAddress, routerId: router.id }
}

const associate = (
  cloud: DevCloud,
  actor: Actor,
  fip: FloatingIp,
  portId: string | null,
  fixedIpAddress: string | undefined
) => {
  if (portId === null) {
    Object.assign(fip, { portId: null, fixedIpAddress: null, routerId: null })
    return
  }
  Object.assign(fip, association(cloud, fip, visiblePort(cloud, actor, portId), fixedIpAddress))
}

export interface FloatingIpCreate {
  floatingNetworkId: string
  portId?: string
  fixedIpAddress?: string
  floatingIpAddress?: string
  subnetId?: string
  description?: string
  projectId?: string
  tags?: string[]
}

export const createFloatingIp = (
  cloud: DevCloud,
  actor: Actor,
  req: FloatingIpCreate
): FloatingIp => {
  const { data } = cloud.state
  const network = networkFor(cloud, actor, req.floatingNetworkId)
  if (!network.external) {
    throw badRequest(
      `Bad floatingip request: Network ${network.id} is not a valid external network.`,
      'BadRequest'
    )
  }
  const subnets = data.subnets.filter(
    (s) => s.networkId === network.id && (req.subnetId === undefined || s.id === req.subnetId)
  )
  const subnet = subnets.find((s) => s.ipVersion === 4) ?? subnets[0]
  if (!subnet) {
    throw badRequest(
      `Bad floatingip request: Network ${network.id} does not contain any IPv4 subnet.`,
      'BadRequest'
    )
  }
  const address =
    req.floatingIpAddress === undefined
      ? allocateAddress(data, subnet)
      : claimAddress(data, subnet, req.floatingIpAddress)
  const at = cloud.now().toISOString()
  const fip: FloatingIp = {
    id: randomUuid(),
    projectId: actor.admin && req.projectId ? req.projectId : actor.projectId,
    description: req.description ?? '',
    floatingNetworkId: network.id,
    floatingIpAddress: address,
    portId: null,
    fixedIpAddress: null,
    routerId: null,
    tags: req.tags ?? [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: 0,
  }
  if (req.portId !== undefined) associate(cloud, actor, fip, req.portId, req.fixedIpAddress)
  data.floatingIps.push(fip)
  cloud.state.save()
  return fip
}

export const updateFloatingIp = (
  cloud: DevCloud,
  actor: Actor,
  id: string,
  req: { portId?: string | null; fixedIpAddress?: string; description?: string }
): FloatingIp => {
  const fip = visibleFloatingIp(cloud, actor, id)
  if (req.portId !== undefined) associate(cloud, actor, fip, req.portId, req.fixedIpAddress)
  if (req.description !== undefined) fip.description = req.description
  fip.updatedAt = cloud.now().toISOString()
  fip.revisionNumber += 1
  cloud.state.save()
  return fip
}

export const deleteFloatingIp = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  const fip = visibleFloatingIp(cloud, actor, id)
  data.floatingIps.splice(data.floatingIps.indexOf(fip), 1)
  cloud.state.save()
}
