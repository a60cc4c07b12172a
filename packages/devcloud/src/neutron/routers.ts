import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, owns } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { neutronBody } from './body'
import { neutronList } from './query'
import { renderRouter } from './render'
import {
  addRouterInterface,
  createRouter,
  deleteRouter,
  removeRouterInterface,
  updateRouter,
  visibleRouter,
} from './routers-service'

const Gateway = z
  .object({ network_id: z.string(), enable_snat: z.boolean().optional() })
  .nullable()
  .optional()

const RouterFields = {
  name: z.string().max(255).optional(),
  description: z.string().max(255).optional(),
  admin_state_up: z.boolean().optional(),
  external_gateway_info: Gateway,
}
const CreateSchema = z.object({
  router: z.object({ ...RouterFields, tags: z.array(z.string()).optional() }),
})
const UpdateSchema = z.object({ router: z.object(RouterFields) })
const InterfaceSchema = z.object({
  subnet_id: z.string().optional(),
  port_id: z.string().optional(),
})

const gateway = (g: z.infer<typeof Gateway>) =>
  g === undefined
    ? undefined
    : g === null
      ? null
      : { networkId: g.network_id, enableSnat: g.enable_snat }

export const neutronRouterRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  app.get('/v2.0/routers', (c) => {
    const actor = actorOf(c.get('caller'))
    const rows = cloud.state.data.routers.filter((r) => owns(actor, r.projectId)).map(renderRouter)
    return c.json(neutronList(c, 'routers', rows))
  })
  app.get('/v2.0/routers/:id', (c) =>
    c.json({
      router: renderRouter(visibleRouter(cloud, actorOf(c.get('caller')), c.req.param('id'))),
    })
  )
  app.post('/v2.0/routers', async (c) => {
    const r = (await neutronBody(CreateSchema, c)).router
    const router = createRouter(cloud, actorOf(c.get('caller')), {
      name: r.name,
      description: r.description,
      adminStateUp: r.admin_state_up,
      gateway: gateway(r.external_gateway_info) ?? undefined,
      tags: r.tags,
    })
    return c.json({ router: renderRouter(router) }, 201)
  })
  app.put('/v2.0/routers/:id', async (c) => {
    const r = (await neutronBody(UpdateSchema, c)).router
    const router = updateRouter(cloud, actorOf(c.get('caller')), c.req.param('id'), {
      name: r.name,
      description: r.description,
      adminStateUp: r.admin_state_up,
      gateway: gateway(r.external_gateway_info),
    })
    return c.json({ router: renderRouter(router) })
  })
  app.delete('/v2.0/routers/:id', (c) => {
    deleteRouter(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })
  app.put('/v2.0/routers/:id/add_router_interface', async (c) => {
    const body = await neutronBody(InterfaceSchema, c)
    return c.json(
      addRouterInterface(cloud, actorOf(c.get('caller')), c.req.param('id'), {
        subnetId: body.subnet_id,
        portId: body.port_id,
      })
    )
  })
  app.put('/v2.0/routers/:id/remove_router_interface', async (c) => {
    const body = await neutronBody(InterfaceSchema, c)
    return c.json(
      removeRouterInterface(cloud, actorOf(c.get('caller')), c.req.param('id'), {
        subnetId: body.subnet_id,
        portId: body.port_id,
      })
    )
  })
  return app
}
