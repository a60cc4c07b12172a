import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { type Actor, actorOf, owns } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, parseBool, readJsonObject } from '../http'
import { renderVolume, renderVolumeSummary } from './render'
import { createVolume, deleteVolume, visibleVolume } from './volumes-service'

const CreateSchema = z.object({
  volume: z.object({
    size: z.union([z.number(), z.string().regex(/^\s*\d+\s*$/)]).transform(Number),
    name: z.string().max(255).nullish(),
    description: z.string().max(255).nullish(),
    volume_type: z.string().nullish(),
    availability_zone: z.string().nullish(),
    metadata: z.record(z.string(), z.string()).optional(),
    multiattach: z.boolean().optional(),
  }),
})

const readCreate = async (c: Context) => {
  const parsed = CreateSchema.safeParse(await readJsonObject(c))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw badRequest(
      `Invalid input for field/attribute ${String(issue?.path.at(-1) ?? 'volume')}. ${issue?.message}`
    )
  }
  return parsed.data.volume
}

/** Cinder's `/volumes` listing: filters by name and status, admins' `all_tenants`, paging. */
const listed = (cloud: DevCloud, c: Context, actor: Actor) => {
  const q = (k: string) => c.req.query(k)
  const allTenants = actor.admin && parseBool(q('all_tenants') ?? 'false') === true
  let rows = cloud.state.data.volumes
    .filter((v) => (allTenants ? owns(actor, v.projectId) : v.projectId === actor.projectId))
    .filter((v) => q('name') === undefined || v.name === q('name'))
    .filter((v) => q('status') === undefined || v.status === q('status'))
    // Cinder's default order: newest first.
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
  const marker = q('marker')
  if (marker !== undefined) {
    const at = rows.findIndex((v) => v.id === marker)
    if (at < 0) throw badRequest(`Invalid input received: marker [${marker}] not found`)
    rows = rows.slice(at + 1)
  }
  const limit = q('limit') === undefined ? undefined : Number(q('limit'))
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw badRequest('Invalid input received: limit must be a non-negative integer')
  }
  const page = limit === undefined ? rows : rows.slice(0, limit)
  const last = page.at(-1)
  const next =
    limit !== undefined && rows.length > limit && last
      ? (() => {
          const url = new URL(c.req.url)
          url.searchParams.set('marker', last.id)
          return [{ rel: 'next', href: url.toString() }]
        })()
      : undefined
  return { page, next }
}

/** /v3/{project_id}/volumes: create, list (plain and detail), show, delete. */
export const cinderVolumeRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  app.get('/volumes', (c) => {
    const { page, next } = listed(cloud, c, actorOf(c.get('caller')))
    return c.json({
      volumes: page.map((v) => renderVolumeSummary(cloud, v)),
      ...(next ? { volumes_links: next } : {}),
    })
  })
  app.get('/volumes/detail', (c) => {
    const actor = actorOf(c.get('caller'))
    const { page, next } = listed(cloud, c, actor)
    return c.json({
      volumes: page.map((v) => renderVolume(cloud, v, { admin: actor.admin })),
      ...(next ? { volumes_links: next } : {}),
    })
  })
  app.get('/volumes/:id', (c) => {
    const actor = actorOf(c.get('caller'))
    const volume = visibleVolume(cloud, actor, c.req.param('id'))
    return c.json({ volume: renderVolume(cloud, volume, { admin: actor.admin }) })
  })
  app.post('/volumes', async (c) => {
    const r = await readCreate(c)
    const actor = actorOf(c.get('caller'))
    const volume = createVolume(cloud, actor, {
      size: r.size,
      name: r.name,
      description: r.description,
      volumeType: r.volume_type,
      availabilityZone: r.availability_zone,
      metadata: r.metadata,
      multiattach: r.multiattach,
    })
    return c.json({ volume: renderVolume(cloud, volume, { admin: actor.admin }) }, 202)
  })
  app.delete('/volumes/:id', (c) => {
    deleteVolume(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 202)
  })
  return app
}
