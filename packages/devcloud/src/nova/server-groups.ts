import { Hono } from 'hono'
import { z } from 'zod'
import { type Actor, actorOf, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, notFound, readJsonObject } from '../http'
import { randomUuid } from '../ids'
import type { NovaEnv } from './env'
import type { ServerGroup } from './model'

const POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'] as const

const CreateSchema = z.object({
  server_group: z.object({
    name: z.string().min(1).max(255),
    policies: z.array(z.enum(POLICIES)).length(1).optional(),
    policy: z.enum(POLICIES).optional(),
    rules: z.record(z.string(), z.unknown()).optional(),
  }),
})

export const createServerGroup = (
  cloud: DevCloud,
  actor: Actor,
  req: { name: string; policy: string; rules?: Record<string, unknown> }
): ServerGroup => {
  const group: ServerGroup = {
    id: randomUuid(),
    name: req.name,
    projectId: actor.projectId,
    userId: actor.userId,
    policy: req.policy,
    rules: req.rules ?? {},
    members: [],
    createdAt: cloud.now().toISOString(),
  }
  cloud.state.data.serverGroups.push(group)
  cloud.state.save()
  return group
}

export const visibleServerGroup = (cloud: DevCloud, actor: Actor, id: string): ServerGroup => {
  const group = cloud.state.data.serverGroups.find((g) => g.id === id)
  if (!group || !owns(actor, group.projectId))
    throw notFound(`Server group ${id} could not be found.`)
  return group
}

export const deleteServerGroup = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  data.serverGroups.splice(data.serverGroups.indexOf(visibleServerGroup(cloud, actor, id)), 1)
  cloud.state.save()
}

/** Before 2.64 a group has `policies` (a list of one); from 2.64 `policy` and `rules`. */
const render = (g: ServerGroup, minor: number) => ({
  id: g.id,
  name: g.name,
  ...(minor >= 64 ? { policy: g.policy, rules: g.rules } : { policies: [g.policy], metadata: {} }),
  members: g.members,
  ...(minor >= 13 ? { project_id: g.projectId, user_id: g.userId } : {}),
})

export const novaServerGroupRoutes = (cloud: DevCloud) => {
  const app = new Hono<NovaEnv>()
  app.get('/v2.1/os-server-groups', (c) => {
    const actor = actorOf(c.get('caller'))
    const groups = cloud.state.data.serverGroups.filter((g) => g.projectId === actor.projectId)
    return c.json({ server_groups: groups.map((g) => render(g, c.get('computeMinor'))) })
  })
  app.get('/v2.1/os-server-groups/:id', (c) => {
    const group = visibleServerGroup(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.json({ server_group: render(group, c.get('computeMinor')) })
  })
  app.post('/v2.1/os-server-groups', async (c) => {
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw badRequest(
        `Invalid input for field/attribute ${issue?.path.join('.')}. ${issue?.message}`
      )
    }
    const g = parsed.data.server_group
    const policy = g.policy ?? g.policies?.[0]
    if (policy === undefined)
      throw badRequest(
        "Invalid input for field/attribute server_group. 'policy' is a required property"
      )
    const group = createServerGroup(cloud, actorOf(c.get('caller')), {
      name: g.name,
      policy,
      rules: g.rules,
    })
    return c.json({ server_group: render(group, c.get('computeMinor')) })
  })
  app.delete('/v2.1/os-server-groups/:id', (c) => {
    deleteServerGroup(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })
  return app
}
