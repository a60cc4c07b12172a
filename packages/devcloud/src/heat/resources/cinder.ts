import type { Actor } from '../../actor'
import { attachVolume, detachVolume } from '../../cinder/attachments'
import type { Volume } from '../../cinder/model'
import { renderVolume } from '../../cinder/render'
import { createVolume, deleteVolume, volumeNotFound } from '../../cinder/volumes-service'
import type { DevCloud } from '../../context'
import { metadataOf, pyJson } from '../engine/pyjson'
import { DONE, failed, type ResourceRuntime, type ResourceType, type StepResult } from './types'

const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v))
const volumeOf = (rt: ResourceRuntime) =>
  rt.cloud.state.data.volumes.find((v) => v.id === rt.resource.physicalId)

/** Heat's `cinder.volume` constraint: an id, or a name in the project. */
const findVolume = (cloud: DevCloud, actor: Actor, ref: string): Volume => {
  const { volumes } = cloud.state.data
  const found =
    volumes.find((v) => v.id === ref && (actor.admin || v.projectId === actor.projectId)) ??
    volumes.find((v) => v.name === ref && v.projectId === actor.projectId)
  if (!found) throw volumeNotFound(ref)
  return found
}

/** Heat polls the volume until it is available; `error` fails the resource. */
const built = (rt: ResourceRuntime): StepResult => {
  const volume = volumeOf(rt)
  if (!volume) return failed('ResourceUnknownStatus', `Volume ${rt.resource.physicalId} is gone`)
  if (volume.status === 'error')
    return failed('ResourceInError', 'Went to status error due to "Unknown"')
  if (volume.status === 'creating') {
    return {
      state: 'wait',
      until: volume.pendingUntil === null ? undefined : new Date(volume.pendingUntil),
    }
  }
  return DONE
}

export const CinderVolume: ResourceType = {
  client: 'cinder',
  properties: {
    size: { type: 'integer', required: true },
    name: { type: 'string', updatable: true },
    description: { type: 'string', updatable: true },
    volume_type: { type: 'string' },
    availability_zone: { type: 'string' },
    metadata: { type: 'map', default: {}, updatable: true },
    multiattach: { type: 'boolean' },
  },
  attributes: [
    'availability_zone',
    'size',
    'snapshot_id',
    'display_name',
    'display_description',
    'volume_type',
    'metadata',
    'source_volid',
    'status',
    'created_at',
    'bootable',
    'metadata_values',
    'encrypted',
    'attachments',
    'attachments_list',
    'multiattach',
    'show',
  ],
  create(rt, props) {
    const volume = createVolume(rt.cloud, rt.actor, {
      size: Number(props.size),
      name: str(props.name) ?? rt.physicalName(),
      description: str(props.description),
      volumeType: str(props.volume_type),
      availabilityZone: str(props.availability_zone),
      metadata: metadataOf(props.metadata),
      multiattach: props.multiattach === true,
    })
    rt.resource.physicalId = volume.id
    return DONE
  },
  checkCreate: built,
  update(rt, props) {
    const volume = volumeOf(rt)
    if (!volume) return 'replace'
    volume.name = str(props.name) ?? volume.name
    volume.description = str(props.description) ?? null
    volume.metadata = metadataOf(props.metadata)
    volume.updatedAt = rt.now.toISOString()
    return DONE
  },
  delete(rt) {
    const volume = volumeOf(rt)
    // Already going (a retried delete): checkDelete waits for it.
    if (volume && volume.status !== 'deleting') deleteVolume(rt.cloud, rt.actor, volume.id)
    return DONE
  },
  checkDelete(rt) {
    const volume = volumeOf(rt)
    if (!volume) return DONE
    return {
      state: 'wait',
      until: volume.pendingUntil === null ? undefined : new Date(volume.pendingUntil),
    }
  },
  attribute(rt, name) {
    const volume = volumeOf(rt)
    if (!volume) return null
    const shown = renderVolume(rt.cloud, volume, { admin: false })
    const values: Record<string, unknown> = {
      ...shown,
      display_name: shown.name,
      display_description: shown.description,
      metadata: pyJson(shown.metadata),
      metadata_values: shown.metadata,
      attachments: pyJson(shown.attachments),
      attachments_list: shown.attachments,
      show: shown,
    }
    return values[name] ?? null
  },
}

/** Nova's volume attachment; its physical id is the attachment's. */
export const CinderVolumeAttachment: ResourceType = {
  client: 'nova',
  properties: {
    instance_uuid: { type: 'string', required: true },
    volume_id: { type: 'string', required: true },
    mountpoint: { type: 'string' },
  },
  attributes: ['show'],
  create(rt, props) {
    const attachment = attachVolume(rt.cloud, rt.actor, {
      serverId: String(props.instance_uuid),
      volumeId: findVolume(rt.cloud, rt.actor, String(props.volume_id)).id,
      device: str(props.mountpoint),
    })
    rt.resource.physicalId = attachment.id
    return DONE
  },
  delete(rt) {
    const volume = rt.cloud.state.data.volumes.find((v) =>
      v.attachments.some((a) => a.id === rt.resource.physicalId)
    )
    const attachment = volume?.attachments.find((a) => a.id === rt.resource.physicalId)
    // A server deleted first has released it already: Heat ignores NotFound.
    if (volume && attachment) {
      detachVolume(rt.cloud, rt.actor, { serverId: attachment.serverId, volumeId: volume.id })
    }
    return DONE
  },
  attribute(rt, name) {
    if (name !== 'show') return null
    const volume = rt.cloud.state.data.volumes.find((v) =>
      v.attachments.some((a) => a.id === rt.resource.physicalId)
    )
    const attachment = volume?.attachments.find((a) => a.id === rt.resource.physicalId)
    if (!volume || !attachment) return null
    return {
      id: volume.id,
      serverId: attachment.serverId,
      volumeId: volume.id,
      device: attachment.device,
    }
  },
}
