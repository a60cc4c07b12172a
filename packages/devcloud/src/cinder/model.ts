import { z } from 'zod'

export const VolumeStatusSchema = z.enum(['creating', 'available', 'in-use', 'deleting', 'error'])
export type VolumeStatus = z.infer<typeof VolumeStatusSchema>

/** One server a volume is attached to (Nova's os-volume_attachments, as Cinder records it). */
export const VolumeAttachmentSchema = z.object({
  id: z.string(),
  serverId: z.string(),
  device: z.string(),
  attachedAt: z.string(),
})
export type VolumeAttachment = z.infer<typeof VolumeAttachmentSchema>

export const VolumeSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  projectId: z.string(),
  userId: z.string(),
  /** GiB. */
  size: z.number().int(),
  status: VolumeStatusSchema,
  /** When `creating` ends (available) or `deleting` ends (gone). */
  pendingUntil: z.string().nullable(),
  volumeType: z.string(),
  availabilityZone: z.string(),
  metadata: z.record(z.string(), z.string()),
  multiattach: z.boolean(),
  attachments: z.array(VolumeAttachmentSchema),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
})
export type Volume = z.infer<typeof VolumeSchema>
