import { Hono } from 'hono'
import { z } from 'zod'
import { type Actor, actorOf, owns } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { octaviaBody } from './body'
import {
  createHealthMonitor,
  createListener,
  createMember,
  createPool,
  deleteChild,
  findChild,
} from './children-service'
import { octaviaList } from './list'
import { renderHealthMonitor, renderListener, renderMember, renderPool } from './render'

const Common = {
  name: z.string().max(255).optional(),
  description: z.string().max(255).optional(),
  admin_state_up: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
}
const ListenerSchema = z.object({
  listener: z.object({
    ...Common,
    loadbalancer_id: z.string(),
    protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'UDP', 'TERMINATED_HTTPS', 'SCTP', 'PROMETHEUS']),
    protocol_port: z.number().int().min(1).max(65535),
    connection_limit: z.number().int().optional(),
    default_pool_id: z.string().optional(),
    allowed_cidrs: z.array(z.string()).optional(),
  }),
})
const PoolSchema = z.object({
  pool: z.object({
    ...Common,
    loadbalancer_id: z.string().optional(),
    listener_id: z.string().optional(),
    protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'UDP', 'PROXY', 'PROXYV2', 'SCTP']),
    lb_algorithm: z.enum(['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'SOURCE_IP_PORT']),
    session_persistence: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
})
const MemberSchema = z.object({
  member: z.object({
    ...Common,
    address: z.string(),
    protocol_port: z.number().int().min(1).max(65535),
    subnet_id: z.string().optional(),
    weight: z.number().int().min(0).max(256).optional(),
    backup: z.boolean().optional(),
    monitor_address: z.string().optional(),
    monitor_port: z.number().int().optional(),
  }),
})
const MonitorSchema = z.object({
  healthmonitor: z.object({
    ...Common,
    pool_id: z.string(),
    type: z.enum(['HTTP', 'HTTPS', 'PING', 'TCP', 'TLS-HELLO', 'UDP-CONNECT', 'SCTP']),
    delay: z.number().int().min(0),
    timeout: z.number().int().min(0),
    max_retries: z.number().int().min(1).max(10),
    max_retries_down: z.number().int().min(1).max(10).optional(),
    http_method: z.string().optional(),
    url_path: z.string().optional(),
    expected_codes: z.string().optional(),
  }),
})

export const octaviaChildRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const mine = <T extends { projectId: string }>(actor: Actor, items: T[]) =>
    items.filter((i) => owns(actor, i.projectId))

  app.get('/lbaas/listeners', (c) => {
    const rows = mine(actorOf(c.get('caller')), data.listeners).map((l) => renderListener(data, l))
    return c.json(octaviaList(c, 'listeners', rows))
  })
  app.get('/lbaas/listeners/:id', (c) => {
    const l = findChild(cloud, actorOf(c.get('caller')), 'listeners', c.req.param('id'))
    return c.json({ listener: renderListener(data, l) })
  })
  app.post('/lbaas/listeners', async (c) => {
    const r = (await octaviaBody(ListenerSchema, c)).listener
    const listener = createListener(cloud, actorOf(c.get('caller')), {
      loadbalancerId: r.loadbalancer_id,
      protocol: r.protocol,
      protocolPort: r.protocol_port,
      name: r.name,
      description: r.description,
      adminStateUp: r.admin_state_up,
      connectionLimit: r.connection_limit,
      defaultPoolId: r.default_pool_id,
      allowedCidrs: r.allowed_cidrs,
      tags: r.tags,
    })
    return c.json({ listener: renderListener(data, listener) }, 201)
  })

  app.get('/lbaas/pools', (c) => {
    const rows = mine(actorOf(c.get('caller')), data.pools).map((p) => renderPool(data, p))
    return c.json(octaviaList(c, 'pools', rows))
  })
  app.get('/lbaas/pools/:id', (c) => {
    const p = findChild(cloud, actorOf(c.get('caller')), 'pools', c.req.param('id'))
    return c.json({ pool: renderPool(data, p) })
  })
  app.post('/lbaas/pools', async (c) => {
    const r = (await octaviaBody(PoolSchema, c)).pool
    const pool = createPool(cloud, actorOf(c.get('caller')), {
      loadbalancerId: r.loadbalancer_id,
      listenerId: r.listener_id,
      protocol: r.protocol,
      lbAlgorithm: r.lb_algorithm,
      name: r.name,
      description: r.description,
      adminStateUp: r.admin_state_up,
      sessionPersistence: r.session_persistence,
      tags: r.tags,
    })
    return c.json({ pool: renderPool(data, pool) }, 201)
  })

  app.get('/lbaas/pools/:pid/members', (c) => {
    const actor = actorOf(c.get('caller'))
    const pool = findChild(cloud, actor, 'pools', c.req.param('pid'))
    const rows = data.members.filter((m) => m.poolId === pool.id).map((m) => renderMember(data, m))
    return c.json(octaviaList(c, 'members', rows))
  })
  app.get('/lbaas/pools/:pid/members/:id', (c) => {
    const m = findChild(cloud, actorOf(c.get('caller')), 'members', c.req.param('id'))
    return c.json({ member: renderMember(data, m) })
  })
  app.post('/lbaas/pools/:pid/members', async (c) => {
    const r = (await octaviaBody(MemberSchema, c)).member
    const member = createMember(cloud, actorOf(c.get('caller')), {
      poolId: c.req.param('pid'),
      address: r.address,
      protocolPort: r.protocol_port,
      subnetId: r.subnet_id,
      weight: r.weight,
      backup: r.backup,
      name: r.name,
      adminStateUp: r.admin_state_up,
      monitorAddress: r.monitor_address,
      monitorPort: r.monitor_port,
      tags: r.tags,
    })
    return c.json({ member: renderMember(data, member) }, 201)
  })
  app.delete('/lbaas/pools/:pid/members/:id', (c) => {
    deleteChild(cloud, actorOf(c.get('caller')), 'members', c.req.param('id'))
    return c.body(null, 204)
  })

  app.get('/lbaas/healthmonitors', (c) => {
    const rows = mine(actorOf(c.get('caller')), data.healthMonitors).map(renderHealthMonitor)
    return c.json(octaviaList(c, 'healthmonitors', rows))
  })
  app.get('/lbaas/healthmonitors/:id', (c) => {
    const h = findChild(cloud, actorOf(c.get('caller')), 'healthMonitors', c.req.param('id'))
    return c.json({ healthmonitor: renderHealthMonitor(h) })
  })
  app.post('/lbaas/healthmonitors', async (c) => {
    const r = (await octaviaBody(MonitorSchema, c)).healthmonitor
    const monitor = createHealthMonitor(cloud, actorOf(c.get('caller')), {
      poolId: r.pool_id,
      type: r.type,
      delay: r.delay,
      timeout: r.timeout,
      maxRetries: r.max_retries,
      maxRetriesDown: r.max_retries_down,
      httpMethod: r.http_method,
      urlPath: r.url_path,
      expectedCodes: r.expected_codes,
      name: r.name,
      adminStateUp: r.admin_state_up,
      tags: r.tags,
    })
    return c.json({ healthmonitor: renderHealthMonitor(monitor) }, 201)
  })

  for (const [path, kind] of [
    ['listeners', 'listeners'],
    ['pools', 'pools'],
    ['healthmonitors', 'healthMonitors'],
  ] as const) {
    app.delete(`/lbaas/${path}/:id`, (c) => {
      deleteChild(cloud, actorOf(c.get('caller')), kind, c.req.param('id'))
      return c.body(null, 204)
    })
  }
  return app
}
