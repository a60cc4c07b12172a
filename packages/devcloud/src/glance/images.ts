import { Hono } from 'hono'
import { type CallerEnv, requireToken } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, conflict, forbidden, notFound, readJsonObject } from '../http'
import { isUuid, randomUuid } from '../ids'
import { isAdmin } from '../keystone/tokens'
import { glance401 } from './errors'
import { listImages } from './list'
import type { Image } from './model'
import { VisibilitySchema } from './model'
import { imageLocation, renderImage } from './render'
import { canSeeImage, mayModifyImage } from './visibility'

const DISK_FORMATS = [
  'ami',
  'ari',
  'aki',
  'vhd',
  'vhdx',
  'vmdk',
  'raw',
  'qcow2',
  'vdi',
  'iso',
  'ploop',
]
const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed']
const READ_ONLY = new Set([
  'status',
  'size',
  'virtual_size',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'created_at',
  'updated_at',
  'self',
  'file',
  'schema',
  'direct_url',
  'locations',
  'location',
  'stores',
])

const schemaError = (detail: string) =>
  badRequest(`Provided object does not match schema 'image': ${detail}`)

const enumField = (
  body: Record<string, unknown>,
  key: string,
  allowed: string[]
): string | null => {
  const v = body[key]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string' || !allowed.includes(v)) {
    throw schemaError(`${JSON.stringify(v)} is not one of ${JSON.stringify(allowed)}`)
  }
  return v
}

const intField = (body: Record<string, unknown>, key: string): number => {
  const v = body[key] ?? 0
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw schemaError(`${key} must be a non-negative integer`)
  return v
}

/** Builds an image from a create request (metadata only: the image stays `queued`). */
const imageFromBody = (cloud: DevCloud, body: Record<string, unknown>, owner: string): Image => {
  for (const key of Object.keys(body)) {
    if (READ_ONLY.has(key)) throw forbidden(`Attribute '${key}' is read-only.`)
  }
  const visibility = VisibilitySchema.safeParse(body.visibility ?? 'shared')
  if (!visibility.success) {
    throw schemaError(
      `${JSON.stringify(body.visibility)} is not one of ['community', 'public', 'private', 'shared']`
    )
  }
  const { name, id, tags } = body
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 255)) {
    throw schemaError('name must be a string of at most 255 characters')
  }
  if (id !== undefined && (typeof id !== 'string' || !isUuid(id)))
    throw schemaError(`${JSON.stringify(id)} is not a 'uuid'`)
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) {
    throw schemaError('tags must be an array of strings')
  }
  const core = new Set([
    'name',
    'id',
    'visibility',
    'disk_format',
    'container_format',
    'min_disk',
    'min_ram',
    'protected',
    'tags',
    'os_hidden',
    'owner',
  ])
  const properties: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if (core.has(key)) continue
    if (typeof value !== 'string')
      throw schemaError(`${JSON.stringify(value)} is not of type 'string' (${key})`)
    properties[key] = value
  }
  const at = cloud.now().toISOString()
  return {
    id: typeof id === 'string' ? id : randomUuid(),
    name: typeof name === 'string' ? name : null,
    owner,
    visibility: visibility.data,
    status: 'queued',
    diskFormat: enumField(body, 'disk_format', DISK_FORMATS),
    containerFormat: enumField(body, 'container_format', CONTAINER_FORMATS),
    minDisk: intField(body, 'min_disk'),
    minRam: intField(body, 'min_ram'),
    protected: body.protected === true,
    hidden: body.os_hidden === true,
    size: null,
    virtualSize: null,
    checksum: null,
    osHashAlgo: null,
    osHashValue: null,
    tags: Array.isArray(tags) ? tags.map(String) : [],
    properties,
    createdAt: at,
    updatedAt: at,
  }
}

/** Glance v2 images: list, show, create (metadata only) and delete. */
export const glanceImageRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  app.use('/v2/*', requireToken(cloud, { requireProject: true, render401: glance401 }))

  const visibleImage = (caller: CallerEnv['Variables']['caller'], id: string): Image => {
    const image = data.images.find((i) => i.id === id)
    if (!image || !canSeeImage(caller, image)) throw notFound(`No image found with ID ${id}`)
    return image
  }

  app.get('/v2/images', (c) => {
    const url = new URL(c.req.url)
    const { images, nextMarker } = listImages(data.images, c.get('caller'), url.searchParams)
    const first = `/v2/images${url.search}`
    let next: string | undefined
    if (nextMarker !== undefined) {
      const params = new URLSearchParams(url.searchParams)
      params.set('marker', nextMarker)
      next = `/v2/images?${params.toString()}`
    }
    return c.json({
      images: images.map(renderImage),
      first,
      schema: '/v2/schemas/images',
      ...(next ? { next } : {}),
    })
  })

  app.get('/v2/images/:id', (c) =>
    c.json(renderImage(visibleImage(c.get('caller'), c.req.param('id'))))
  )

  app.post('/v2/images', async (c) => {
    const caller = c.get('caller')
    const body = await readJsonObject(c)
    const projectId = caller.project?.id ?? ''
    const owner = typeof body.owner === 'string' ? body.owner : projectId
    if (owner !== projectId && !isAdmin(caller)) {
      throw forbidden(`You are not permitted to create images owned by '${owner}'.`)
    }
    const image = imageFromBody(cloud, body, owner)
    if (image.visibility === 'public' && !isAdmin(caller)) {
      throw forbidden('You are not authorized to complete publicize_image action.')
    }
    if (data.images.some((i) => i.id === image.id))
      throw conflict(`Image with identifier ${image.id} already exists!`)
    data.images.push(image)
    cloud.state.save()
    c.header('Location', imageLocation(cloud.config.baseUrl(), image.id))
    return c.json(renderImage(image), 201)
  })

  app.delete('/v2/images/:id', (c) => {
    const caller = c.get('caller')
    const image = visibleImage(caller, c.req.param('id'))
    if (!mayModifyImage(caller, image))
      throw forbidden('You are not permitted to delete this image.')
    if (image.protected) throw forbidden(`Image ${image.id} is protected and cannot be deleted.`)
    data.images.splice(data.images.indexOf(image), 1)
    cloud.state.save()
    return c.body(null, 204)
  })

  return app
}
