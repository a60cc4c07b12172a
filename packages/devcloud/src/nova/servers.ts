import { randomBytes } from 'node:crypto'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { actorOf } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, parseBool, readJsonObject } from '../http'
import type { NovaEnv } from './env'
import type { Server } from './model'
import { renderServer, serverLinks } from './servers-render'
import { createServer, deleteServer, serverStatus, visibleServer } from './servers-service'

const NetworkSchema = z.object({
  uuid: z.string().optional(),
  port: z.string().optional(),
  fixed_ip: z.string().optional(),
  tag: z.string().optional(),
})

const CreateSchema = z.object({
  server: z.object({
    name: z.string().min(1).max(255),
    imageRef: z.string(),
    flavorRef: z.union([z.string(), z.number()]).transform(String),
    networks: z.union([z.literal('auto'), z.literal('none'), z.array(NetworkSchema)]).optional(),
    key_name: z.string().optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    user_data: z.string().optional(),
    security_groups: z.array(z.object({ name: z.string() })).optional(),
    availability_zone: z.string().optional(),
    config_drive: z.boolean().optional(),
    description: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
  }),
  'os:scheduler_hints': z.object({ group: z.string().optional() }).loose().optional(),
})

const listServers = (c: Context<NovaEnv>, cloud: DevCloud, detail: boolean) => {
  const caller = c.get('caller')
  const actor = actorOf(caller)
  const q = (k: string) => c.req.query(k)
  const allTenants = actor.admin && parseBool(q('all_tenants') ?? 'false') === true
  const now = cloud.now()
  let servers = cloud.state.data.servers.filter((s) =>
    allTenants
      ? true
      : s.projectId === actor.projectId || (actor.admin && q('project_id') === s.projectId)
  )
  const name = q('name')
  if (name !== undefined) {
    // Nova matches names as a regular expression.
    let pattern: RegExp
    try {
      pattern = new RegExp(name)
    } catch {
      throw badRequest(`Invalid filter name: ${name}`)
    }
    servers = servers.filter((s) => pattern.test(s.name))
  }
  const status = q('status')
  if (status !== undefined)
    servers = servers.filter((s) => serverStatus(s, now) === status.toUpperCase())
  const wanted = (key: 'image' | 'flavor', get: (s: Server) => string) => {
    const v = q(key)
    if (v !== undefined) servers = servers.filter((s) => get(s) === v)
  }
  wanted('image', (s) => s.imageId)
  wanted('flavor', (s) => s.flavorId)
  servers = [...servers].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const marker = q('marker')
  if (marker !== undefined) {
    const at = servers.findIndex((s) => s.id === marker)
    if (at < 0) throw badRequest(`marker [${marker}] not found`)
    servers = servers.slice(at + 1)
  }
  const limit = q('limit') === undefined ? undefined : Number(q('limit'))
  const page = limit === undefined ? servers : servers.slice(0, limit)
  const minor = c.get('computeMinor')
  const body: Record<string, unknown> = {
    servers: page.map((s) =>
      detail
        ? renderServer(cloud, s, minor, { show: false })
        : { id: s.id, name: s.name, links: serverLinks(cloud, s.id) }
    ),
  }
  const last = page.at(-1)
  if (limit !== undefined && page.length === limit && servers.length > limit && last) {
    const next = new URL(c.req.url)
    next.searchParams.set('marker', last.id)
    body.servers_links = [{ rel: 'next', href: next.toString() }]
  }
  return c.json(body)
}

export const novaServerRoutes = (cloud: DevCloud) => {
  const app = new Hono<NovaEnv>()
  app.get('/v2.1/servers', (c) => listServers(c, cloud, false))
  app.get('/v2.1/servers/detail', (c) => listServers(c, cloud, true))
  app.get('/v2.1/servers/:id', (c) => {
    const server = visibleServer(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.json({ server: renderServer(cloud, server, c.get('computeMinor'), { show: true }) })
  })
  app.post('/v2.1/servers', async (c) => {
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw badRequest(
        `Invalid input for field/attribute ${issue?.path.join('.')}. ${issue?.message}`
      )
    }
    const s = parsed.data.server
    if (s.networks === undefined && c.get('computeMinor') >= 37) {
      throw badRequest(
        "Invalid input for field/attribute server. Value: {...}. 'networks' is a required property"
      )
    }
    const server = createServer(cloud, actorOf(c.get('caller')), {
      name: s.name,
      imageRef: s.imageRef,
      flavorRef: s.flavorRef,
      networks:
        typeof s.networks === 'string' || s.networks === undefined
          ? s.networks
          : s.networks.map((n) => ({ uuid: n.uuid, port: n.port, fixedIp: n.fixed_ip })),
      keyName: s.key_name,
      metadata: s.metadata,
      userData: s.user_data,
      securityGroups: s.security_groups?.map((g) => g.name),
      availabilityZone: s.availability_zone,
      configDrive: s.config_drive,
      description: s.description ?? undefined,
      tags: s.tags,
      serverGroupId: parsed.data['os:scheduler_hints']?.group,
    })
    c.header('Location', serverLinks(cloud, server.id)[0]?.href ?? '')
    return c.json(
      {
        server: {
          id: server.id,
          links: serverLinks(cloud, server.id),
          'OS-DCF:diskConfig': 'MANUAL',
          security_groups: server.securityGroups.map((name) => ({ name })),
          adminPass: randomBytes(9).toString('base64url').slice(0, 12),
        },
      },
      202
    )
  })
  app.delete('/v2.1/servers/:id', (c) => {
    deleteServer(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })
  return app
}
