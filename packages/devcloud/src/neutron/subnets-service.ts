import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, conflict, notFound } from '../http'
import { randomUuid } from '../ids'
import { cidrText, contains, defaultGateway, defaultPool, overlaps, parseCidr } from './cidr'
import type { Subnet } from './model'
import { policyDisallowed, visibleNetworkFor } from './networks-service'

const invalidInput = (message: string) =>
  badRequest(`Invalid input for operation: ${message}`, 'InvalidInput')

export interface SubnetCreate {
  networkId: string
  cidr: string
  ipVersion: 4 | 6
  name?: string
  description?: string
  gatewayIp?: string | null
  enableDhcp?: boolean
  dnsNameservers?: string[]
  allocationPools?: { start: string; end: string }[]
  hostRoutes?: { destination: string; nexthop: string }[]
  projectId?: string
  tags?: string[]
}

export const createSubnet = (cloud: DevCloud, actor: Actor, req: SubnetCreate): Subnet => {
  const { data } = cloud.state
  const network = visibleNetworkFor(cloud, actor, req.networkId)
  if (!owns(actor, network.projectId)) {
    throw policyDisallowed('create_subnet and rule:create_subnet:network_owner')
  }
  const cidr = parseCidr(req.cidr)
  if (!cidr || cidr.version !== req.ipVersion)
    throw invalidInput(`'${req.cidr}' is not a valid IP subnet.`)
  const clash = data.subnets.find((s) => {
    const other = parseCidr(s.cidr)
    return s.networkId === network.id && other !== undefined && overlaps(cidr, other)
  })
  if (clash) {
    throw invalidInput(
      `Requested subnet with cidr: ${cidrText(cidr)} for network: ${network.id} overlaps with another subnet.`
    )
  }
  const gateway = req.gatewayIp === undefined ? defaultGateway(cidr) : req.gatewayIp
  if (gateway !== null && !contains(cidr, gateway)) {
    throw invalidInput(`Gateway IP ${gateway} is not in subnet ${cidrText(cidr)}.`)
  }
  const at = cloud.now().toISOString()
  const subnet: Subnet = {
    id: randomUuid(),
    name: req.name ?? '',
    projectId: req.projectId ?? actor.projectId,
    networkId: network.id,
    description: req.description ?? '',
    ipVersion: req.ipVersion,
    cidr: cidrText(cidr),
    gatewayIp: gateway,
    allocationPools: req.allocationPools ?? [defaultPool(cidr, gateway)],
    enableDhcp: req.enableDhcp ?? true,
    dnsNameservers: req.dnsNameservers ?? [],
    hostRoutes: req.hostRoutes ?? [],
    tags: req.tags ?? [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: 0,
  }
  data.subnets.push(subnet)
  network.revisionNumber += 1
  cloud.state.save()
  return subnet
}

export const deleteSubnet = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  const subnet = data.subnets.find((s) => s.id === id)
  if (!subnet || !owns(actor, subnet.projectId)) {
    throw notFound(`Subnet ${id} could not be found.`, 'SubnetNotFound')
  }
  if (data.ports.some((p) => p.fixedIps.some((f) => f.subnetId === subnet.id))) {
    throw conflict(
      `Unable to complete operation on subnet ${subnet.id}: One or more ports have an IP allocation from this subnet.`,
      'SubnetInUse'
    )
  }
  data.subnets.splice(data.subnets.indexOf(subnet), 1)
  cloud.state.save()
}
