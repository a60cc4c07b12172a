import { type Actor, owns } from '../actor'
import { releaseVolumesOf } from '../cinder/volumes-service'
import type { DevCloud } from '../context'
import { badRequest, conflict, notFound } from '../http'
import { randomHex, randomUuid } from '../ids'
import { createPort, deletePort, visiblePort } from '../neutron/ports-service'
import { findSecurityGroup } from '../neutron/security-groups-service'
import type { SettleResult } from '../settlement'
import type { Flavor, Server } from './model'

export const NO_VALID_HOST = 'No valid host was found. '

export const serverNotFound = (id: string) => notFound(`Instance ${id} could not be found.`)

export const visibleServer = (cloud: DevCloud, actor: Actor, id: string): Server => {
  const server = cloud.state.data.servers.find((s) => s.id === id)
  if (!server || !owns(actor, server.projectId)) throw serverNotFound(id)
  return server
}

/** BUILD until the build is due, then ACTIVE or ERROR. */
export const serverStatus = (s: Server, now: Date): 'BUILD' | 'ACTIVE' | 'ERROR' =>
  Date.parse(s.readyAt) <= now.getTime() ? s.outcome : 'BUILD'

export type NetworkRequest = { uuid?: string; port?: string; fixedIp?: string }

export interface ServerCreate {
  name: string
  imageRef: string
  flavorRef: string
  networks?: 'auto' | 'none' | NetworkRequest[]
  keyName?: string
  metadata?: Record<string, string>
  userData?: string
  securityGroups?: string[]
  availabilityZone?: string
  configDrive?: boolean
  description?: string
  tags?: string[]
  serverGroupId?: string
}

export const findFlavor = (cloud: DevCloud, actor: Actor, ref: string): Flavor | undefined =>
  cloud.state.data.flavors.find(
    (f) =>
      f.id === ref && (f.isPublic || actor.admin || f.accessProjectIds.includes(actor.projectId))
  )

const checkImage = (cloud: DevCloud, actor: Actor, ref: string) => {
  const image = cloud.state.data.images.find((i) => i.id === ref)
  const visible =
    image !== undefined &&
    (actor.admin ||
      ['public', 'community'].includes(image.visibility) ||
      image.owner === actor.projectId)
  if (!visible) throw badRequest(`Image ${ref} could not be found.`)
}

/** With no networks asked for, Nova uses the only network the project can attach to. */
const defaultNetworks = (cloud: DevCloud, actor: Actor): NetworkRequest[] => {
  const candidates = cloud.state.data.networks.filter(
    (n) => !n.external && (n.projectId === actor.projectId || n.shared)
  )
  if (candidates.length > 1) {
    throw conflict('Multiple possible networks found, use a Network ID to be more specific.')
  }
  return candidates.map((n) => ({ uuid: n.id }))
}

const attach = (
  cloud: DevCloud,
  actor: Actor,
  server: Server,
  requests: NetworkRequest[],
  groups: string[]
) => {
  for (const r of requests) {
    if (r.port !== undefined) {
      const port = visiblePort(cloud, actor, r.port)
      if (port.deviceId !== '') throw conflict(`Port ${port.id} is still in use.`)
      port.deviceId = server.id
      port.deviceOwner = 'compute:nova'
      server.portIds.push(port.id)
      continue
    }
    const networkId = r.uuid ?? ''
    if (!cloud.state.data.networks.some((n) => n.id === networkId)) {
      throw badRequest(`Network ${networkId} could not be found.`)
    }
    const port = createPort(cloud, actor, {
      networkId,
      fixedIps: r.fixedIp === undefined ? undefined : [{ ipAddress: r.fixedIp }],
      securityGroups: groups,
      deviceId: server.id,
      deviceOwner: 'compute:nova',
    })
    server.portIds.push(port.id)
    server.ownedPortIds.push(port.id)
  }
}

export const createServer = (cloud: DevCloud, actor: Actor, req: ServerCreate): Server => {
  const { data } = cloud.state
  checkImage(cloud, actor, req.imageRef)
  const flavor = findFlavor(cloud, actor, req.flavorRef)
  if (!flavor) throw badRequest(`Flavor ${req.flavorRef} could not be found.`)
  if (
    req.keyName !== undefined &&
    !data.keypairs.some((k) => k.userId === actor.userId && k.name === req.keyName)
  ) {
    throw badRequest('Invalid key_name provided.')
  }
  const group =
    req.serverGroupId === undefined
      ? undefined
      : data.serverGroups.find((g) => g.id === req.serverGroupId)
  if (req.serverGroupId !== undefined && !group) {
    throw badRequest(`Invalid server group ${req.serverGroupId}`)
  }
  const groups = (req.securityGroups ?? ['default']).map((g) => findSecurityGroup(cloud, actor, g))
  const now = cloud.now()
  const noHost = cloud.faults.noValidHostFor(flavor.id, flavor.name)
  const server: Server = {
    id: randomUuid(),
    name: req.name,
    projectId: actor.projectId,
    userId: actor.userId,
    imageId: req.imageRef,
    flavorId: flavor.id,
    keyName: req.keyName ?? null,
    metadata: req.metadata ?? {},
    userData: req.userData ?? null,
    securityGroups: groups.map((g) => g.name),
    availabilityZone: req.availabilityZone ?? 'nova',
    configDrive: req.configDrive ?? false,
    description: req.description ?? null,
    tags: req.tags ?? [],
    portIds: [],
    ownedPortIds: [],
    serverGroupId: group?.id ?? null,
    hostId: noHost ? '' : randomHex().slice(0, 28),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    readyAt: new Date(now.getTime() + cloud.timing.serverBuildMs).toISOString(),
    outcome: noHost ? 'ERROR' : 'ACTIVE',
    fault: noHost ? { code: 500, message: NO_VALID_HOST } : null,
    settled: false,
  }
  const requests =
    req.networks === 'none'
      ? []
      : req.networks === 'auto' || req.networks === undefined
        ? defaultNetworks(cloud, actor)
        : req.networks
  try {
    attach(
      cloud,
      actor,
      server,
      requests,
      groups.map((g) => g.id)
    )
  } catch (err) {
    releasePorts(cloud, server)
    throw err
  }
  group?.members.push(server.id)
  data.servers.push(server)
  cloud.state.save()
  cloud.settlement.wake()
  return server
}

/** Deletes the ports Nova created and unbinds the ones it was given. */
const releasePorts = (cloud: DevCloud, server: Server) => {
  const system: Actor = { projectId: server.projectId, userId: server.userId, admin: true }
  for (const id of server.portIds) {
    const port = cloud.state.data.ports.find((p) => p.id === id)
    if (!port) continue
    if (server.ownedPortIds.includes(id)) deletePort(cloud, system, id)
    else Object.assign(port, { deviceId: '', deviceOwner: '' })
  }
  server.portIds = []
  server.ownedPortIds = []
}

export const deleteServer = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  const server = visibleServer(cloud, actor, id)
  releasePorts(cloud, server)
  releaseVolumesOf(cloud, id)
  for (const g of data.serverGroups) g.members = g.members.filter((m) => m !== id)
  data.servers.splice(data.servers.indexOf(server), 1)
  cloud.state.save()
}

/** Ends due builds: a server that found no host gives its ports back, as Nova does. */
export const settleServers = (cloud: DevCloud, now: Date): SettleResult => {
  let changed = false
  let pending = false
  for (const server of cloud.state.data.servers) {
    if (server.settled) continue
    if (serverStatus(server, now) === 'BUILD') {
      pending = true
      continue
    }
    server.settled = true
    server.updatedAt = server.readyAt
    if (server.outcome === 'ERROR') releasePorts(cloud, server)
    changed = true
  }
  return { changed, pending }
}
