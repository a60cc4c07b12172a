import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, conflict, forbidden, notFound } from '../http'
import { randomUuid } from '../ids'
import { contains, parseCidr } from './cidr'
import { allocateAddress, claimAddress, randomMac } from './ipam'
import type { FixedIp, Network, Port } from './model'
import { ensureDefaultSecurityGroup, findSecurityGroup } from './security-groups-service'
import { networkVisibleTo } from './visibility'

export const portNotFound = (id: string) =>
  notFound(`Port ${id} could not be found.`, 'PortNotFound')

export const networkFor = (cloud: DevCloud, actor: Actor, id: string): Network => {
  const network = cloud.state.data.networks.find((n) => n.id === id)
  if (!network || !networkVisibleTo(actor, network)) {
    throw notFound(`Network ${id} could not be found.`, 'NetworkNotFound')
  }
  return network
}

export const visiblePort = (cloud: DevCloud, actor: Actor, id: string): Port => {
  const port = cloud.state.data.ports.find((p) => p.id === id)
  if (!port || !owns(actor, port.projectId)) throw portNotFound(id)
  return port
}

export interface PortCreate {
  networkId: string
  name?: string
  description?: string
  adminStateUp?: boolean
  fixedIps?: { subnetId?: string; ipAddress?: string }[]
  securityGroups?: string[]
  portSecurityEnabled?: boolean
  deviceId?: string
  deviceOwner?: string
  allowedAddressPairs?: { ipAddress: string; macAddress?: string }[]
  macAddress?: string
  vnicType?: string
  projectId?: string
  tags?: string[]
}

/** Addresses for a new port: those asked for, or one from the network's first subnet with room. */
const addressesFor = (cloud: DevCloud, network: Network, wanted: PortCreate['fixedIps']) => {
  const { data } = cloud.state
  const subnets = data.subnets.filter((s) => s.networkId === network.id)
  if (wanted === undefined) {
    const v4 = subnets.filter((s) => s.ipVersion === 4)
    for (const subnet of v4.length > 0 ? v4 : subnets) {
      try {
        return [{ subnetId: subnet.id, ipAddress: allocateAddress(data, subnet) }]
      } catch {}
    }
    if (subnets.length > 0) {
      throw conflict(
        `No more IP addresses available on network ${network.id}.`,
        'IpAddressGenerationFailure'
      )
    }
    return []
  }
  return wanted.map((w): FixedIp => {
    const subnet =
      w.subnetId !== undefined
        ? subnets.find((s) => s.id === w.subnetId)
        : subnets.find((s) => {
            const cidr = parseCidr(s.cidr)
            return cidr !== undefined && w.ipAddress !== undefined && contains(cidr, w.ipAddress)
          })
    if (!subnet) {
      throw badRequest(
        w.subnetId !== undefined
          ? `Invalid input for operation: Failed to create port on network ${network.id}, because fixed_ips included invalid subnet ${w.subnetId}.`
          : `Invalid input for operation: IP address ${w.ipAddress} is not a valid IP for any of the subnets on the specified network.`,
        'InvalidInput'
      )
    }
    const ipAddress =
      w.ipAddress === undefined
        ? allocateAddress(data, subnet)
        : claimAddress(data, subnet, w.ipAddress)
    return { subnetId: subnet.id, ipAddress }
  })
}

export const createPort = (cloud: DevCloud, actor: Actor, req: PortCreate): Port => {
  const network = networkFor(cloud, actor, req.networkId)
  const projectId = actor.admin && req.projectId ? req.projectId : actor.projectId
  if (network.projectId !== projectId && !network.shared && !actor.admin) {
    throw forbidden(
      '(rule:create_port and rule:create_port:fixed_ips) is disallowed by policy',
      'PolicyNotAuthorized'
    )
  }
  const deviceOwner = req.deviceOwner ?? ''
  const portSecurity = req.portSecurityEnabled ?? network.portSecurityEnabled
  // Neutron puts new ports in the project's default group unless they are network-owned.
  const groups =
    req.securityGroups !== undefined
      ? req.securityGroups.map((g) => findSecurityGroup(cloud, actor, g).id)
      : portSecurity && !deviceOwner.startsWith('network:')
        ? [ensureDefaultSecurityGroup(cloud, projectId).id]
        : []
  if (!portSecurity && groups.length > 0 && req.securityGroups !== undefined) {
    throw conflict(
      'Port has security group associated. Cannot disable port security or ip address until security group is removed',
      'PortSecurityAndIPRequiredForSecurityGroups'
    )
  }
  const at = cloud.now().toISOString()
  const port: Port = {
    id: randomUuid(),
    name: req.name ?? '',
    projectId,
    networkId: network.id,
    description: req.description ?? '',
    adminStateUp: req.adminStateUp ?? true,
    macAddress: req.macAddress ?? randomMac(),
    deviceId: req.deviceId ?? '',
    deviceOwner,
    fixedIps: addressesFor(cloud, network, req.fixedIps),
    securityGroupIds: groups,
    portSecurityEnabled: portSecurity,
    allowedAddressPairs: (req.allowedAddressPairs ?? []).map((a) => ({
      ipAddress: a.ipAddress,
      macAddress: a.macAddress ?? '',
    })),
    vnicType: req.vnicType ?? 'normal',
    tags: req.tags ?? [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: 1,
  }
  port.allowedAddressPairs = port.allowedAddressPairs.map((a) => ({
    ...a,
    macAddress: a.macAddress || port.macAddress,
  }))
  cloud.state.data.ports.push(port)
  cloud.state.save()
  return port
}

export interface PortUpdate {
  name?: string
  description?: string
  adminStateUp?: boolean
  deviceId?: string
  deviceOwner?: string
  securityGroups?: string[]
  portSecurityEnabled?: boolean
  allowedAddressPairs?: { ipAddress: string; macAddress?: string }[]
}

export const updatePort = (cloud: DevCloud, actor: Actor, id: string, req: PortUpdate): Port => {
  const port = visiblePort(cloud, actor, id)
  if (req.name !== undefined) port.name = req.name
  if (req.description !== undefined) port.description = req.description
  if (req.adminStateUp !== undefined) port.adminStateUp = req.adminStateUp
  if (req.deviceId !== undefined) port.deviceId = req.deviceId
  if (req.deviceOwner !== undefined) port.deviceOwner = req.deviceOwner
  if (req.portSecurityEnabled !== undefined) port.portSecurityEnabled = req.portSecurityEnabled
  if (req.securityGroups !== undefined) {
    port.securityGroupIds = req.securityGroups.map((g) => findSecurityGroup(cloud, actor, g).id)
  }
  if (req.allowedAddressPairs !== undefined) {
    port.allowedAddressPairs = req.allowedAddressPairs.map((a) => ({
      ipAddress: a.ipAddress,
      macAddress: a.macAddress ?? port.macAddress,
    }))
  }
  port.updatedAt = cloud.now().toISOString()
  port.revisionNumber += 1
  cloud.state.save()
  return port
}

/** Deletes a port and lets go of its floating IPs; router interfaces go through the router. */
export const deletePort = (
  cloud: DevCloud,
  actor: Actor,
  id: string,
  options: { internal?: boolean } = {}
): void => {
  const { data } = cloud.state
  const port = visiblePort(cloud, actor, id)
  if (!options.internal && port.deviceOwner === 'network:router_interface') {
    throw conflict(
      `Port ${id} cannot be deleted directly via the port API: has device owner network:router_interface.`,
      'ServicePortInUse'
    )
  }
  data.ports.splice(data.ports.indexOf(port), 1)
  for (const fip of data.floatingIps) {
    if (fip.portId === id) {
      fip.portId = null
      fip.fixedIpAddress = null
      fip.routerId = null
      fip.updatedAt = cloud.now().toISOString()
      fip.revisionNumber += 1
    }
  }
  cloud.state.save()
}
