import { z } from 'zod'

export const VisibilitySchema = z.enum(['public', 'private', 'shared', 'community'])
export type Visibility = z.infer<typeof VisibilitySchema>

export const ImageSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  /** Owning project id. */
  owner: z.string().nullable(),
  visibility: VisibilitySchema,
  status: z.string(),
  diskFormat: z.string().nullable(),
  containerFormat: z.string().nullable(),
  minDisk: z.number().int(),
  minRam: z.number().int(),
  protected: z.boolean(),
  hidden: z.boolean(),
  size: z.number().int().nullable(),
  virtualSize: z.number().int().nullable(),
  checksum: z.string().nullable(),
  osHashAlgo: z.string().nullable(),
  osHashValue: z.string().nullable(),
  tags: z.array(z.string()),
  /** Glance's additional properties (os_distro, magnum_driver, …), flattened on the wire. */
  properties: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Image = z.infer<typeof ImageSchema>
