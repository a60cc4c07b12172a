import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, notFound } from '../http'
import { randomUuid } from '../ids'
import type { SettleResult } from '../settlement'
import type { Volume } from './model'

export const DEFAULT_VOLUME_TYPE = '__DEFAULT__'

export const volumeNotFound = (id: string) => notFound(`Volume ${id} could not be found.`)

/** Cinder's refusal to delete a volume that is busy (attached, still creating, deleting). */
export const VOLUME_BUSY =
  'Invalid volume: Volume status must be available or error or error_restoring or ' +
  'error_extending or error_managing and must not be migrating, attached, belong to a group, ' +
  'have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.'

export const visibleVolume = (cloud: DevCloud, actor: Actor, id: string): Volume => {
  const volume = cloud.state.data.volumes.find((v) => v.id === id)
  if (!volume || !owns(actor, volume.projectId)) throw volumeNotFound(id)
  return volume
}

const due = (cloud: DevCloud) =>
  new Date(cloud.now().getTime() + cloud.timing.volumeBuildMs).toISOString()

export interface VolumeCreate {
  size: number
  name?: string | null
  description?: string | null
  volumeType?: string | null
  availabilityZone?: string | null
  metadata?: Record<string, string>
  multiattach?: boolean
}

/** A new volume, `creating` until the configured build time has passed. */
export const createVolume = (cloud: DevCloud, actor: Actor, req: VolumeCreate): Volume => {
  if (!Number.isInteger(req.size) || req.size < 1) {
    throw badRequest(
      `Invalid input received: Volume size '${req.size}' must be an integer and greater than 0.`
    )
  }
  const zone = req.availabilityZone ?? 'nova'
  if (zone !== 'nova')
    throw badRequest(`Invalid input received: Availability zone '${zone}' is invalid.`)
  const volume: Volume = {
    id: randomUuid(),
    name: req.name ?? null,
    description: req.description ?? null,
    projectId: actor.projectId,
    userId: actor.userId,
    size: req.size,
    status: 'creating',
    pendingUntil: due(cloud),
    volumeType: req.volumeType ?? DEFAULT_VOLUME_TYPE,
    availabilityZone: zone,
    metadata: req.metadata ?? {},
    multiattach: req.multiattach ?? false,
    attachments: [],
    createdAt: cloud.now().toISOString(),
    updatedAt: null,
  }
  cloud.state.data.volumes.push(volume)
  cloud.state.save()
  cloud.settlement.wake()
  return volume
}

/** Starts deleting an unattached volume; it is gone once the configured time has passed. */
export const deleteVolume = (cloud: DevCloud, actor: Actor, id: string): void => {
  const volume = visibleVolume(cloud, actor, id)
  if (!['available', 'error'].includes(volume.status) || volume.attachments.length > 0) {
    throw badRequest(VOLUME_BUSY)
  }
  volume.status = 'deleting'
  volume.pendingUntil = due(cloud)
  volume.updatedAt = cloud.now().toISOString()
  cloud.state.save()
  cloud.settlement.wake()
}

/** Nova detaches a server's volumes when the server is deleted. */
export const releaseVolumesOf = (cloud: DevCloud, serverId: string): void => {
  for (const volume of cloud.state.data.volumes) {
    const left = volume.attachments.filter((a) => a.serverId !== serverId)
    if (left.length === volume.attachments.length) continue
    volume.attachments = left
    if (left.length === 0 && volume.status === 'in-use') volume.status = 'available'
    volume.updatedAt = cloud.now().toISOString()
  }
}

/** Ends due builds (available) and deletions (gone). */
export const settleVolumes = (cloud: DevCloud, now: Date): SettleResult => {
  const { data } = cloud.state
  let changed = false
  let pending = false
  data.volumes = data.volumes.filter((v) => {
    if (v.pendingUntil === null) return true
    if (Date.parse(v.pendingUntil) > now.getTime()) {
      pending = true
      return true
    }
    changed = true
    v.pendingUntil = null
    if (v.status === 'deleting') return false
    if (v.status === 'creating') {
      v.status = 'available'
      v.updatedAt = now.toISOString()
    }
    return true
  })
  return { changed, pending }
}
