import type { Actor } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, conflict, notFound } from '../http'
import { randomUuid } from '../ids'
import { serverStatus, visibleServer } from '../nova/servers-service'
import type { VolumeAttachment } from './model'
import { visibleVolume } from './volumes-service'

/** The next free virtio device name after the root disk (`/dev/vdb`, `/dev/vdc`, …). */
const nextDevice = (cloud: DevCloud, serverId: string): string => {
  const used = new Set(
    cloud.state.data.volumes.flatMap((v) =>
      v.attachments.filter((a) => a.serverId === serverId).map((a) => a.device)
    )
  )
  for (let i = 1; i < 26; i++) {
    const device = `/dev/vd${String.fromCharCode(97 + i)}`
    if (!used.has(device)) return device
  }
  throw badRequest('No free disk device names for prefix vd')
}

/**
 * Attaches a volume to a server, as Nova's os-volume_attachments does; no hypervisor is
 * involved here, so the volume is in-use at once.
 */
export const attachVolume = (
  cloud: DevCloud,
  actor: Actor,
  req: { serverId: string; volumeId: string; device?: string }
): VolumeAttachment => {
  const server = visibleServer(cloud, actor, req.serverId)
  if (serverStatus(server, cloud.now()) === 'BUILD') {
    throw conflict(`Cannot 'attach_volume' instance ${server.id} while it is in vm_state building`)
  }
  const volume = visibleVolume(cloud, actor, req.volumeId)
  if (volume.attachments.some((a) => a.serverId === server.id)) {
    throw badRequest(`Invalid volume: volume ${volume.id} already attached to ${server.id}`)
  }
  const usable = volume.status === 'available' || (volume.multiattach && volume.status === 'in-use')
  if (!usable) {
    throw badRequest(
      `Invalid volume: volume ${volume.id} status must be available or in-use (with multiattach), but current status is: ${volume.status}.`
    )
  }
  const attachment: VolumeAttachment = {
    id: randomUuid(),
    serverId: server.id,
    device: req.device ?? nextDevice(cloud, server.id),
    attachedAt: cloud.now().toISOString(),
  }
  volume.attachments.push(attachment)
  volume.status = 'in-use'
  volume.updatedAt = attachment.attachedAt
  cloud.state.save()
  return attachment
}

/** Detaches the volume from the server; the volume is available again when nothing holds it. */
export const detachVolume = (
  cloud: DevCloud,
  actor: Actor,
  req: { serverId: string; volumeId: string }
): void => {
  const volume = visibleVolume(cloud, actor, req.volumeId)
  const left = volume.attachments.filter((a) => a.serverId !== req.serverId)
  if (left.length === volume.attachments.length) {
    throw notFound(`Volume ${volume.id} is not attached to ${req.serverId}.`)
  }
  volume.attachments = left
  if (left.length === 0) volume.status = 'available'
  volume.updatedAt = cloud.now().toISOString()
  cloud.state.save()
}
