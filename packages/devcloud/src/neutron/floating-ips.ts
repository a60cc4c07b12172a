import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, owns } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { neutronBody } from './body'
import {
  createFloatingIp,
  deleteFloatingIp,
  updateFloatingIp,
  visibleFloatingIp,
} from './floating-ips-service'
import type { FloatingIp } from './model'
import { neutronList } from './query'
import { renderFloatingIp } from './render'

const CreateSchema = z.object({
  floatingip: z.object({
    floating_network_id: z.string(),
    port_id: z.string().nullable().optional(),
    fixed_ip_address: z.string().optional(),
    floating_ip_address: z.string().optional(),
    subnet_id: z.string().optional(),
    description: z.string().max(255).optional(),
    project_id: z.string().optional(),
    tenant_id: z.string().optional(),
    tags: z.array(z.string()).optional(),
  }),
})
const UpdateSchema = z.object({
  floatingip: z.object({
    port_id: z.string().nullable().optional(),
    fixed_ip_address: z.string().optional(),
    description: z.string().max(255).optional(),
  }),
})

export const neutronFloatingIpRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const render = (f: FloatingIp) =>
    renderFloatingIp(
      f,
      data.ports.find((p) => p.id === f.portId)
    )

  app.get('/v2.0/floatingips', (c) => {
    const actor = actorOf(c.get('caller'))
    const rows = data.floatingIps.filter((f) => owns(actor, f.projectId)).map(render)
    return c.json(neutronList(c, 'floatingips', rows))
  })
  app.get('/v2.0/floatingips/:id', (c) =>
    c.json({
      floatingip: render(visibleFloatingIp(cloud, actorOf(c.get('caller')), c.req.param('id'))),
    })
  )
  app.post('/v2.0/floatingips', async (c) => {
    const f = (await neutronBody(CreateSchema, c)).floatingip
    const fip = createFloatingIp(cloud, actorOf(c.get('caller')), {
      floatingNetworkId: f.floating_network_id,
      portId: f.port_id ?? undefined,
      fixedIpAddress: f.fixed_ip_address,
      floatingIpAddress: f.floating_ip_address,
      subnetId: f.subnet_id,
      description: f.description,
      projectId: f.project_id ?? f.tenant_id,
      tags: f.tags,
    })
    return c.json({ floatingip: render(fip) }, 201)
  })
  app.put('/v2.0/floatingips/:id', async (c) => {
    const f = (await neutronBody(UpdateSchema, c)).floatingip
    const fip = updateFloatingIp(cloud, actorOf(c.get('caller')), c.req.param('id'), {
      portId: f.port_id,
      fixedIpAddress: f.fixed_ip_address,
      description: f.description,
    })
    return c.json({ floatingip: render(fip) })
  })
  app.delete('/v2.0/floatingips/:id', (c) => {
    deleteFloatingIp(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })
  return app
}
