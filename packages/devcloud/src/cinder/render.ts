import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { novaTime } from '../time'
import type { Volume } from './model'

const links = (cloud: DevCloud, v: Volume) => {
  const root = `${cloud.config.baseUrl()}${SERVICE_PREFIXES.volume}`
  return [
    { rel: 'self', href: `${root}/v3/${v.projectId}/volumes/${v.id}` },
    { rel: 'bookmark', href: `${root}/${v.projectId}/volumes/${v.id}` },
  ]
}

/** A volume as GET /volumes (without detail) lists it. */
export const renderVolumeSummary = (cloud: DevCloud, v: Volume) => ({
  id: v.id,
  name: v.name,
  links: links(cloud, v),
})

/** A volume as show and GET /volumes/detail render it (base microversion 3.0). */
export const renderVolume = (cloud: DevCloud, v: Volume, options: { admin: boolean }) => {
  const body: Record<string, unknown> = {
    id: v.id,
    name: v.name,
    description: v.description,
    size: v.size,
    status: v.status,
    volume_type: v.volumeType,
    availability_zone: v.availabilityZone,
    attachments: v.attachments.map((a) => ({
      id: v.id,
      attachment_id: a.id,
      volume_id: v.id,
      server_id: a.serverId,
      host_name: null,
      device: a.device,
      attached_at: novaTime(a.attachedAt),
    })),
    // Cinder has always spelled these two as strings.
    bootable: 'false',
    encrypted: false,
    multiattach: v.multiattach,
    metadata: v.metadata,
    snapshot_id: null,
    source_volid: null,
    consistencygroup_id: null,
    replication_status: null,
    user_id: v.userId,
    'os-vol-tenant-attr:tenant_id': v.projectId,
    created_at: novaTime(v.createdAt),
    updated_at: v.updatedAt === null ? null : novaTime(v.updatedAt),
    links: links(cloud, v),
  }
  if (options.admin) {
    body['os-vol-host-attr:host'] = v.status === 'creating' ? null : 'devcloud@lvm#lvm'
    body['os-vol-mig-status-attr:migstat'] = null
    body['os-vol-mig-status-attr:name_id'] = null
    body.migration_status = null
  }
  return body
}
