import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, owns } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { parseBool } from '../http'
import { octaviaBody } from './body'
import {
  childrenOf,
  createLoadBalancer,
  deleteLoadBalancer,
  markPending,
  requireMutable,
  visibleLoadBalancer,
} from './lb-service'
import { octaviaList } from './list'
import { renderLoadBalancer } from './render'

const Fields = {
  name: z.string().max(255).optional(),
  description: z.string().max(255).optional(),
  admin_state_up: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
}
const CreateSchema = z.object({
  loadbalancer: z.object({
    ...Fields,
    vip_subnet_id: z.string().optional(),
    vip_network_id: z.string().optional(),
    vip_port_id: z.string().optional(),
    vip_address: z.string().optional(),
    provider: z.string().optional(),
    flavor_id: z.string().optional(),
    availability_zone: z.string().optional(),
    project_id: z.string().optional(),
  }),
})
const UpdateSchema = z.object({ loadbalancer: z.object(Fields) })

export const octaviaLoadBalancerRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  app.get('/lbaas/loadbalancers', (c) => {
    const actor = actorOf(c.get('caller'))
    const rows = data.loadBalancers
      .filter((l) => owns(actor, l.projectId))
      .map((l) => renderLoadBalancer(data, l))
    return c.json(octaviaList(c, 'loadbalancers', rows))
  })
  app.get('/lbaas/loadbalancers/:id', (c) => {
    const lb = visibleLoadBalancer(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.json({ loadbalancer: renderLoadBalancer(data, lb) })
  })
  app.get('/lbaas/loadbalancers/:id/status', (c) => {
    const lb = visibleLoadBalancer(cloud, actorOf(c.get('caller')), c.req.param('id'))
    const kids = childrenOf(cloud, lb.id)
    const status = (o: { id: string; name: string; provisioningStatus: string }) => ({
      id: o.id,
      name: o.name,
      provisioning_status: o.provisioningStatus,
      operating_status: o.provisioningStatus === 'ACTIVE' ? 'ONLINE' : 'OFFLINE',
    })
    const pools = kids.pools.map((p) => ({
      ...status(p),
      members: kids.members
        .filter((m) => m.poolId === p.id)
        .map((m) => ({ ...status(m), address: m.address, protocol_port: m.protocolPort })),
    }))
    return c.json({
      statuses: {
        loadbalancer: {
          ...status(lb),
          listeners: kids.listeners.map((l) => ({
            ...status(l),
            pools: pools.filter((p) => kids.pools.find((x) => x.id === p.id)?.listenerId === l.id),
          })),
        },
      },
    })
  })
  app.post('/lbaas/loadbalancers', async (c) => {
    const r = (await octaviaBody(CreateSchema, c)).loadbalancer
    const lb = createLoadBalancer(cloud, actorOf(c.get('caller')), {
      name: r.name,
      description: r.description,
      adminStateUp: r.admin_state_up,
      tags: r.tags,
      vipSubnetId: r.vip_subnet_id,
      vipNetworkId: r.vip_network_id,
      vipPortId: r.vip_port_id,
      vipAddress: r.vip_address,
      provider: r.provider,
      flavorId: r.flavor_id,
      availabilityZone: r.availability_zone,
      projectId: r.project_id,
    })
    return c.json({ loadbalancer: renderLoadBalancer(data, lb) }, 201)
  })
  app.put('/lbaas/loadbalancers/:id', async (c) => {
    const r = (await octaviaBody(UpdateSchema, c)).loadbalancer
    const lb = visibleLoadBalancer(cloud, actorOf(c.get('caller')), c.req.param('id'))
    requireMutable(lb)
    if (r.name !== undefined) lb.name = r.name
    if (r.description !== undefined) lb.description = r.description
    if (r.admin_state_up !== undefined) lb.adminStateUp = r.admin_state_up
    if (r.tags !== undefined) lb.tags = r.tags
    markPending(cloud, lb, 'PENDING_UPDATE')
    cloud.state.save()
    return c.json({ loadbalancer: renderLoadBalancer(data, lb) }, 200)
  })
  app.delete('/lbaas/loadbalancers/:id', (c) => {
    const cascade = parseBool(c.req.query('cascade') ?? 'false') === true
    deleteLoadBalancer(cloud, actorOf(c.get('caller')), c.req.param('id'), { cascade })
    return c.body(null, 204)
  })
  return app
}
