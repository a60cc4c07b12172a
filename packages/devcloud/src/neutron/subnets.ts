import { Hono } from 'hono'
import { z } from 'zod'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, notFound, readJsonObject } from '../http'
import { randomUuid } from '../ids'
import { isAdmin } from '../keystone/tokens'
import { cidrText, contains, defaultGateway, defaultPool, overlaps, parseCidr } from './cidr'
import type { Subnet } from './model'
import { policyDisallowed, visibleNetwork } from './networks'
import { neutronList } from './query'
import { renderSubnet } from './render'
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
    const caller = c.get('caller')
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalidInput(`'${issue?.path.join('.')}': ${issue?.message}`)
    }
    const req = parsed.data.subnet
    const network = visibleNetwork(cloud, caller, req.network_id)
    if (network.projectId !== caller.project?.id && !isAdmin(caller)) {
      throw policyDisallowed('create_subnet and rule:create_subnet:network_owner')
    }
    const cidr = parseCidr(req.cidr)
    if (!cidr || cidr.version !== req.ip_version)
      throw invalidInput(`'${req.cidr}' is not a valid IP subnet.`)
    const clash = data.subnets.find((s) => {
      const other = parseCidr(s.cidr)
      return s.networkId === network.id && other !== undefined && overlaps(cidr, other)
    })
    if (clash) {
      throw invalidInput(
        `Requested subnet with cidr: ${cidrText(cidr)} for network: ${network.id} overlaps with another subnet.`
      )
    }
    const gateway = req.gateway_ip === undefined ? defaultGateway(cidr) : req.gateway_ip
    if (gateway !== null && !contains(cidr, gateway)) {
      throw invalidInput(`Gateway IP ${gateway} is not in subnet ${cidrText(cidr)}.`)
    }
    const at = cloud.now().toISOString()
    const subnet: Subnet = {
      id: randomUuid(),
      name: req.name ?? '',
      projectId: req.project_id ?? caller.project?.id ?? '',
      networkId: network.id,
      description: req.description ?? '',
      ipVersion: req.ip_version,
      cidr: cidrText(cidr),
      gatewayIp: gateway,
      allocationPools: req.allocation_pools ?? [defaultPool(cidr, gateway)],
      enableDhcp: req.enable_dhcp ?? true,
      dnsNameservers: req.dns_nameservers ?? [],
      hostRoutes: req.host_routes ?? [],
      tags: [],
      createdAt: at,
      updatedAt: at,
      revisionNumber: 0,
    }
    data.subnets.push(subnet)
    network.revisionNumber += 1
    cloud.state.save()
    return c.json({ subnet: renderSubnet(subnet) }, 201)
  })

  app.delete('/v2.0/subnets/:id', (c) => {
    const caller = c.get('caller')
    const subnet = visibleSubnet(caller, c.req.param('id'))
    if (subnet.projectId !== caller.project?.id && !isAdmin(caller))
      throw policyDisallowed('delete_subnet')
    data.subnets.splice(data.subnets.indexOf(subnet), 1)
    cloud.state.save()
    return c.body(null, 204)
  })

  return app
}
