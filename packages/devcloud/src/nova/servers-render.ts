import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { novaTime, secondsTime } from '../time'
import type { Server } from './model'
import { serverStatus } from './servers-service'

const root = (cloud: DevCloud) => `${cloud.config.baseUrl()}${SERVICE_PREFIXES.compute}`

export const serverLinks = (cloud: DevCloud, id: string) => [
  { rel: 'self', href: `${root(cloud)}/v2.1/servers/${id}` },
  { rel: 'bookmark', href: `${root(cloud)}/servers/${id}` },
]

type Address = {
  version: number
  addr: string
  'OS-EXT-IPS:type': string
  'OS-EXT-IPS-MAC:mac_addr': string
}

/** Addresses by network name: each port's fixed IPs, then the floating IPs pointing at them. */
export const serverAddresses = (cloud: DevCloud, server: Server): Record<string, Address[]> => {
  const { data } = cloud.state
  const addresses: Record<string, Address[]> = {}
  for (const portId of server.portIds) {
    const port = data.ports.find((p) => p.id === portId)
    if (!port) continue
    const network = data.networks.find((n) => n.id === port.networkId)
    const key = network?.name ?? port.networkId
    const list = addresses[key] ?? []
    addresses[key] = list
    const mac = port.macAddress
    for (const ip of port.fixedIps) {
      const version = ip.ipAddress.includes(':') ? 6 : 4
      list.push({
        version,
        addr: ip.ipAddress,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': mac,
      })
    }
    for (const fip of data.floatingIps.filter((f) => f.portId === port.id)) {
      list.push({
        version: 4,
        addr: fip.floatingIpAddress,
        'OS-EXT-IPS:type': 'floating',
        'OS-EXT-IPS-MAC:mac_addr': mac,
      })
    }
  }
  return addresses
}

/** The volumes attached to a server; 2.3 added whether they go with it (never, here). */
const attachedVolumes = (cloud: DevCloud, serverId: string, minor: number) =>
  cloud.state.data.volumes
    .filter((v) => v.attachments.some((a) => a.serverId === serverId))
    .map((v) => (minor >= 3 ? { id: v.id, delete_on_termination: false } : { id: v.id }))

/** A server as GET /servers/{id} shows it at the negotiated microversion. */
export const renderServer = (
  cloud: DevCloud,
  s: Server,
  minor: number,
  options: { show: boolean }
) => {
  const now = cloud.now()
  const status = serverStatus(s, now)
  const flavor = cloud.state.data.flavors.find((f) => f.id === s.flavorId)
  const built = status !== 'BUILD'
  const body: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status,
    tenant_id: s.projectId,
    user_id: s.userId,
    metadata: s.metadata,
    hostId: s.hostId,
    image: {
      id: s.imageId,
      links: [{ rel: 'bookmark', href: `${root(cloud)}/images/${s.imageId}` }],
    },
    flavor:
      minor >= 47 && flavor
        ? {
            vcpus: flavor.vcpus,
            ram: flavor.ramMb,
            disk: flavor.diskGb,
            ephemeral: flavor.ephemeralGb,
            swap: flavor.swapMb,
            original_name: flavor.name,
            extra_specs: flavor.extraSpecs,
          }
        : {
            id: s.flavorId,
            links: [{ rel: 'bookmark', href: `${root(cloud)}/flavors/${s.flavorId}` }],
          },
    // Nova writes a server's own times to the second with a Z; launched_at as a naive timestamp.
    created: secondsTime(s.createdAt),
    updated: secondsTime(built ? s.readyAt : s.updatedAt),
    addresses: status === 'ACTIVE' ? serverAddresses(cloud, s) : {},
    accessIPv4: '',
    accessIPv6: '',
    links: serverLinks(cloud, s.id),
    'OS-DCF:diskConfig': 'MANUAL',
  }
  if (status === 'BUILD') body.progress = 0
  if (status === 'ERROR' && s.fault) {
    body.fault = { code: s.fault.code, created: secondsTime(s.readyAt), message: s.fault.message }
  }
  Object.assign(body, {
    'OS-EXT-AZ:availability_zone': status === 'ACTIVE' ? s.availabilityZone : '',
    config_drive: s.configDrive ? 'True' : '',
    key_name: s.keyName,
    'OS-SRV-USG:launched_at': status === 'ACTIVE' ? novaTime(s.readyAt) : null,
    'OS-SRV-USG:terminated_at': null,
    'OS-EXT-STS:task_state': status === 'BUILD' ? 'spawning' : null,
    'OS-EXT-STS:vm_state': status === 'BUILD' ? 'building' : status.toLowerCase(),
    'OS-EXT-STS:power_state': status === 'ACTIVE' ? 1 : 0,
    'os-extended-volumes:volumes_attached': attachedVolumes(cloud, s.id, minor),
    security_groups: status === 'ACTIVE' ? s.securityGroups.map((name) => ({ name })) : undefined,
  })
  if (body.security_groups === undefined) delete body.security_groups
  if (minor >= 9) body.locked = false
  if (minor >= 73) body.locked_reason = null
  if (minor >= 19) body.description = s.description
  if (minor >= 26) body.tags = s.tags
  if (minor >= 63) body.trusted_image_certificates = null
  if (minor >= 71 && options.show) body.server_groups = s.serverGroupId ? [s.serverGroupId] : []
  return body
}
