import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, owns } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { notFound } from '../http'
import { neutronBody } from './body'
import type { SecurityGroup } from './model'
import { neutronList } from './query'
import { renderSecurityGroup, renderSecurityGroupRule } from './render'
import {
  createSecurityGroup,
  createSecurityGroupRule,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  ensureDefaultSecurityGroup,
  visibleSecurityGroup,
} from './security-groups-service'

const GroupSchema = z.object({
  security_group: z.object({
    name: z.string().max(255).optional(),
    description: z.string().max(255).optional(),
    stateful: z.boolean().optional(),
    project_id: z.string().optional(),
    tenant_id: z.string().optional(),
  }),
})
const port = z.number().int().min(0).max(65535).nullable().optional()
const RuleSchema = z.object({
  security_group_rule: z.object({
    security_group_id: z.string(),
    direction: z.enum(['ingress', 'egress']),
    ethertype: z.enum(['IPv4', 'IPv6']).optional(),
    protocol: z.union([z.string(), z.number().int()]).nullable().optional(),
    port_range_min: port,
    port_range_max: port,
    remote_ip_prefix: z.string().nullable().optional(),
    remote_group_id: z.string().nullable().optional(),
    description: z.string().max(255).optional(),
  }),
})

export const neutronSecurityGroupRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const render = (g: SecurityGroup) =>
    renderSecurityGroup(
      g,
      data.securityGroupRules.filter((r) => r.securityGroupId === g.id)
    )

  app.get('/v2.0/security-groups', (c) => {
    const actor = actorOf(c.get('caller'))
    ensureDefaultSecurityGroup(cloud, actor.projectId)
    const rows = data.securityGroups.filter((g) => owns(actor, g.projectId)).map(render)
    return c.json(neutronList(c, 'security_groups', rows))
  })
  app.get('/v2.0/security-groups/:id', (c) =>
    c.json({
      security_group: render(
        visibleSecurityGroup(cloud, actorOf(c.get('caller')), c.req.param('id'))
      ),
    })
  )
  app.post('/v2.0/security-groups', async (c) => {
    const g = (await neutronBody(GroupSchema, c)).security_group
    const group = createSecurityGroup(cloud, actorOf(c.get('caller')), {
      name: g.name,
      description: g.description,
      stateful: g.stateful,
      projectId: g.project_id ?? g.tenant_id,
    })
    return c.json({ security_group: render(group) }, 201)
  })
  app.put('/v2.0/security-groups/:id', async (c) => {
    const g = (await neutronBody(GroupSchema, c)).security_group
    const group = visibleSecurityGroup(cloud, actorOf(c.get('caller')), c.req.param('id'))
    if (g.name !== undefined) group.name = g.name
    if (g.description !== undefined) group.description = g.description
    group.updatedAt = cloud.now().toISOString()
    group.revisionNumber += 1
    cloud.state.save()
    return c.json({ security_group: render(group) })
  })
  app.delete('/v2.0/security-groups/:id', (c) => {
    deleteSecurityGroup(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })

  app.get('/v2.0/security-group-rules', (c) => {
    const actor = actorOf(c.get('caller'))
    const rows = data.securityGroupRules
      .filter((r) => owns(actor, r.projectId))
      .map((r) => renderSecurityGroupRule(r))
    return c.json(neutronList(c, 'security_group_rules', rows))
  })
  app.get('/v2.0/security-group-rules/:id', (c) => {
    const actor = actorOf(c.get('caller'))
    const id = c.req.param('id')
    const rule = data.securityGroupRules.find((r) => r.id === id && owns(actor, r.projectId))
    if (!rule)
      throw notFound(`Security group rule ${id} does not exist`, 'SecurityGroupRuleNotFound')
    return c.json({ security_group_rule: renderSecurityGroupRule(rule) })
  })
  app.post('/v2.0/security-group-rules', async (c) => {
    const r = (await neutronBody(RuleSchema, c)).security_group_rule
    const rule = createSecurityGroupRule(cloud, actorOf(c.get('caller')), {
      securityGroupId: r.security_group_id,
      direction: r.direction,
      ethertype: r.ethertype,
      protocol: r.protocol === undefined || r.protocol === null ? r.protocol : String(r.protocol),
      portRangeMin: r.port_range_min,
      portRangeMax: r.port_range_max,
      remoteIpPrefix: r.remote_ip_prefix,
      remoteGroupId: r.remote_group_id,
      description: r.description,
    })
    return c.json({ security_group_rule: renderSecurityGroupRule(rule) }, 201)
  })
  app.delete('/v2.0/security-group-rules/:id', (c) => {
    deleteSecurityGroupRule(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })
  return app
}
