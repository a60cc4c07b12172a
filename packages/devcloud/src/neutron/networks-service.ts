import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { conflict, forbidden, notFound } from '../http'
import { randomUuid } from '../ids'
import type { Network } from './model'
import { networkVisibleTo } from './visibility'

export const policyDisallowed = (rule: string) =>
  forbidden(`(rule:${rule}) is disallowed by policy`, 'PolicyNotAuthorized')

export const networkNotFound = (id: string) =>
  notFound(`Network ${id} could not be found.`, 'NetworkNotFound')

export interface NetworkCreate {
  name?: string
  description?: string
  adminStateUp?: boolean
  shared?: boolean
  external?: boolean
  mtu?: number
  portSecurityEnabled?: boolean
  projectId?: string
  networkType?: string
  physicalNetwork?: string | null
  segmentationId?: number | null
  tags?: string[]
}

export const createNetwork = (cloud: DevCloud, actor: Actor, req: NetworkCreate): Network => {
  const { data } = cloud.state
  if (req.shared && !actor.admin)
    throw policyDisallowed('create_network and rule:create_network:shared')
  if (req.external && !actor.admin) {
    throw policyDisallowed('create_network and rule:create_network:router:external')
  }
  const projectId = req.projectId ?? actor.projectId
  if (projectId !== actor.projectId && !actor.admin) throw policyDisallowed('create_network')
  const at = cloud.now().toISOString()
  const network: Network = {
    id: randomUuid(),
    name: req.name ?? '',
    projectId,
    description: req.description ?? '',
    adminStateUp: req.adminStateUp ?? true,
    status: 'ACTIVE',
    shared: req.shared ?? false,
    external: req.external ?? false,
    isDefault: false,
    mtu: req.mtu ?? 1450,
    portSecurityEnabled: req.portSecurityEnabled ?? true,
    networkType: req.networkType ?? 'geneve',
    physicalNetwork: req.physicalNetwork ?? null,
    segmentationId: req.segmentationId ?? data.networks.length + 1000,
    tags: req.tags ?? [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: 1,
  }
  data.networks.push(network)
  cloud.state.save()
  return network
}

export const visibleNetworkFor = (cloud: DevCloud, actor: Actor, id: string): Network => {
  const network = cloud.state.data.networks.find((n) => n.id === id)
  if (!network || !networkVisibleTo(actor, network)) throw networkNotFound(id)
  return network
}

export const deleteNetwork = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  const network = visibleNetworkFor(cloud, actor, id)
  if (!owns(actor, network.projectId)) throw policyDisallowed('delete_network')
  const inUse = data.ports.filter((p) => p.networkId === network.id)
  if (inUse.length > 0) {
    throw conflict(
      `Unable to complete operation on network ${network.id}. There are one or more ports still in use on the network, id for these ports is: ${inUse.map((p) => p.id).join(',')}.`,
      'NetworkInUse'
    )
  }
  data.networks.splice(data.networks.indexOf(network), 1)
  // Neutron deletes a network's subnets with it once no ports are left on them.
  data.subnets = data.subnets.filter((s) => s.networkId !== network.id)
  cloud.state.save()
}
