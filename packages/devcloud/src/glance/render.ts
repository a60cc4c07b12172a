import { SERVICE_PREFIXES } from '../context'
import { secondsTime } from '../time'
import type { Image } from './model'

/**
 * An image as Glance v2 shows it: additional properties flattened first, then the core
 * attributes, then Glance's links (relative to the versionless endpoint, as Glance does).
 */
export const renderImage = (image: Image) => ({
  ...image.properties,
  name: image.name,
  disk_format: image.diskFormat,
  container_format: image.containerFormat,
  visibility: image.visibility,
  size: image.size,
  virtual_size: image.virtualSize,
  status: image.status,
  checksum: image.checksum,
  protected: image.protected,
  min_ram: image.minRam,
  min_disk: image.minDisk,
  owner: image.owner,
  os_hidden: image.hidden,
  os_hash_algo: image.osHashAlgo,
  os_hash_value: image.osHashValue,
  id: image.id,
  created_at: secondsTime(image.createdAt),
  updated_at: secondsTime(image.updatedAt),
  tags: image.tags,
  self: `/v2/images/${image.id}`,
  file: `/v2/images/${image.id}/file`,
  schema: '/v2/schemas/image',
  ...(image.status === 'active' ? { stores: 'file' } : {}),
})

export const imageLocation = (baseUrl: string, id: string): string =>
  `${baseUrl}${SERVICE_PREFIXES.image}/v2/images/${id}`
