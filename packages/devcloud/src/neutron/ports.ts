import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, owns } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { neutronBody } from './body'
import { createPort, deletePort, updatePort, visiblePort } from './ports-service'
import { type CustomFilter, neutronList } from './query'
import { renderPort } from './render'

const Pairs = z.array(z.object({ ip_address: z.string(), mac_address: z.string().optional() }))

const PortFields = {
  name: z.string().max(255).optional(),
  description: z.string().max(255).optional(),
  admin_state_up: z.boolean().optional(),
  device_id: z.string().optional(),
  device_owner: z.string().optional(),
  security_groups: z.array(z.string()).optional(),
  port_security_enabled: z.boolean().optional(),
  allowed_address_pairs: Pairs.optional(),
}

const CreateSchema = z.object({
  port: z.object({
    ...PortFields,
    network_id: z.string(),
    fixed_ips: z
      .array(z.object({ subnet_id: z.string().optional(), ip_address: z.string().optional() }))
      .optional(),
    mac_address: z.string().optional(),
    'binding:vnic_type': z.string().optional(),
    project_id: z.string().optional(),
    tenant_id: z.string().optional(),
    tags: z.array(z.string()).optional(),
  }),
})

const UpdateSchema = z.object({ port: z.object(PortFields) })

const pairs = (p: z.infer<typeof Pairs> | undefined) =>
  p?.map((a) => ({ ipAddress: a.ip_address, macAddress: a.mac_address }))

/** `fixed_ips=subnet_id=…`, `fixed_ips=ip_address=…` (each given one must match). */
const fixedIpsFilter: CustomFilter = (row, wanted) => {
  const ips = (row.fixed_ips ?? []) as { subnet_id: string; ip_address: string }[]
  return wanted.every((w) => {
    const [key, value] = w.split('=', 2)
    if (key === 'ip_address_substr') return ips.some((ip) => ip.ip_address.includes(value ?? ''))
    return ips.some((ip) => (ip as Record<string, string>)[key ?? ''] === value)
  })
}

export const neutronPortRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state

  app.get('/v2.0/ports', (c) => {
    const actor = actorOf(c.get('caller'))
    const rows = data.ports.filter((p) => owns(actor, p.projectId)).map(renderPort)
    return c.json(neutronList(c, 'ports', rows, { fixed_ips: fixedIpsFilter }))
  })
  app.get('/v2.0/ports/:id', (c) =>
    c.json({ port: renderPort(visiblePort(cloud, actorOf(c.get('caller')), c.req.param('id'))) })
  )
  app.post('/v2.0/ports', async (c) => {
    const p = (await neutronBody(CreateSchema, c)).port
    const port = createPort(cloud, actorOf(c.get('caller')), {
      networkId: p.network_id,
      name: p.name,
      description: p.description,
      adminStateUp: p.admin_state_up,
      fixedIps: p.fixed_ips?.map((f) => ({ subnetId: f.subnet_id, ipAddress: f.ip_address })),
      securityGroups: p.security_groups,
      portSecurityEnabled: p.port_security_enabled,
      deviceId: p.device_id,
      deviceOwner: p.device_owner,
      allowedAddressPairs: pairs(p.allowed_address_pairs),
      macAddress: p.mac_address,
      vnicType: p['binding:vnic_type'],
      projectId: p.project_id ?? p.tenant_id,
      tags: p.tags,
    })
    return c.json({ port: renderPort(port) }, 201)
  })
  app.put('/v2.0/ports/:id', async (c) => {
    const p = (await neutronBody(UpdateSchema, c)).port
    const port = updatePort(cloud, actorOf(c.get('caller')), c.req.param('id'), {
      name: p.name,
      description: p.description,
      adminStateUp: p.admin_state_up,
      deviceId: p.device_id,
      deviceOwner: p.device_owner,
      securityGroups: p.security_groups,
      portSecurityEnabled: p.port_security_enabled,
      allowedAddressPairs: pairs(p.allowed_address_pairs),
    })
    return c.json({ port: renderPort(port) })
  })
  app.delete('/v2.0/ports/:id', (c) => {
    deletePort(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })
  return app
}
