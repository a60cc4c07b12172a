import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, notFound, readJsonObject } from '../http'
import type { Subnet } from './model'
import { neutronList } from './query'
import { renderSubnet } from './render'
import { createSubnet, deleteSubnet } from './subnets-service'
import { canSeeSubnet } from './visibility'

const CreateSchema = z.object({
  subnet: z.object({
    network_id: z.string(),
    cidr: z.string(),
    ip_version: z.union([z.literal(4), z.literal(6)]),
    name: z.string().max(255).optional(),
    description: z.string().max(255).optional(),
    gateway_ip: z.string().nullable().optional(),
    enable_dhcp: z.boolean().optional(),
    dns_nameservers: z.array(z.string()).optional(),
    allocation_pools: z.array(z.object({ start: z.string(), end: z.string() })).optional(),
    host_routes: z.array(z.object({ destination: z.string(), nexthop: z.string() })).optional(),
    project_id: z.string().optional(),
  }),
})

const invalidInput = (message: string) =>
  badRequest(`Invalid input for operation: ${message}`, 'InvalidInput')

export const neutronSubnetRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const networkOf = (s: Subnet) => data.networks.find((n) => n.id === s.networkId)

  app.get('/v2.0/subnets', (c) => {
    const caller = c.get('caller')
    const rows = data.subnets.filter((s) => canSeeSubnet(caller, s, networkOf(s))).map(renderSubnet)
    return c.json(neutronList(c, 'subnets', rows))
  })

  const visibleSubnet = (caller: CallerEnv['Variables']['caller'], id: string): Subnet => {
    const subnet = data.subnets.find((s) => s.id === id)
    if (!subnet || !canSeeSubnet(caller, subnet, networkOf(subnet))) {
      throw notFound(`Subnet ${id} could not be found.`, 'SubnetNotFound')
    }
    return subnet
  }

  app.get('/v2.0/subnets/:id', (c) =>
    c.json({ subnet: renderSubnet(visibleSubnet(c.get('caller'), c.req.param('id'))) })
  )

  app.post('/v2.0/subnets', async (c) => {
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalidInput(`'${issue?.path.join('.')}': ${issue?.message}`)
    }
    const req = parsed.data.subnet
    const subnet = createSubnet(cloud, actorOf(c.get('caller')), {
      networkId: req.network_id,
      cidr: req.cidr,
      ipVersion: req.ip_version,
      name: req.name,
      description: req.description,
      gatewayIp: req.gateway_ip,
      enableDhcp: req.enable_dhcp,
      dnsNameservers: req.dns_nameservers,
      allocationPools: req.allocation_pools,
      hostRoutes: req.host_routes,
      projectId: req.project_id,
    })
    return c.json({ subnet: renderSubnet(subnet) }, 201)
  })

  app.delete('/v2.0/subnets/:id', (c) => {
    const caller = c.get('caller')
    visibleSubnet(caller, c.req.param('id'))
    deleteSubnet(cloud, actorOf(caller), c.req.param('id'))
    return c.body(null, 204)
  })

  return app
}
