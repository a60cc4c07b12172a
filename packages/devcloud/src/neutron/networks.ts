import { type Context, Hono } from 'hono'
import { z } from 'zod'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, forbidden, notFound, readJsonObject } from '../http'
import { randomUuid } from '../ids'
import { isAdmin, type ValidToken } from '../keystone/tokens'
import type { Network } from './model'
import { neutronList } from './query'
import { renderNetwork } from './render'
import { canSeeNetwork } from './visibility'

const CreateSchema = z.object({
  network: z.object({
    name: z.string().max(255).optional(),
    description: z.string().max(255).optional(),
    admin_state_up: z.boolean().optional(),
    shared: z.boolean().optional(),
    'router:external': z.boolean().optional(),
    mtu: z.number().int().min(68).optional(),
    port_security_enabled: z.boolean().optional(),
    project_id: z.string().optional(),
    tenant_id: z.string().optional(),
    'provider:network_type': z.string().optional(),
    'provider:physical_network': z.string().nullable().optional(),
    'provider:segmentation_id': z.number().int().nullable().optional(),
  }),
})

export const policyDisallowed = (rule: string) =>
  forbidden(`(rule:${rule}) is disallowed by policy`, 'PolicyNotAuthorized')

/** The network, if the caller may see it; Neutron's NetworkNotFound otherwise. */
export const visibleNetwork = (cloud: DevCloud, caller: ValidToken, id: string): Network => {
  const network = cloud.state.data.networks.find((n) => n.id === id)
  if (!network || !canSeeNetwork(caller, network)) {
    throw notFound(`Network ${id} could not be found.`, 'NetworkNotFound')
  }
  return network
}

export const neutronNetworkRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const { data } = cloud.state
  const render = (caller: ValidToken, n: Network) =>
    renderNetwork(
      caller,
      n,
      data.subnets.filter((s) => s.networkId === n.id).map((s) => s.id)
    )

  app.get('/v2.0/networks', (c) => {
    const caller = c.get('caller')
    const rows = data.networks.filter((n) => canSeeNetwork(caller, n)).map((n) => render(caller, n))
    return c.json(neutronList(c, 'networks', rows))
  })

  app.get('/v2.0/networks/:id', (c) => {
    const caller = c.get('caller')
    return c.json({ network: render(caller, visibleNetwork(cloud, caller, c.req.param('id'))) })
  })

  app.post('/v2.0/networks', async (c: Context<CallerEnv>) => {
    const caller = c.get('caller')
    const parsed = CreateSchema.safeParse(await readJsonObject(c))
    if (!parsed.success)
      throw badRequest(`Invalid input for operation: ${parsed.error.issues[0]?.message}`)
    const req = parsed.data.network
    const admin = isAdmin(caller)
    if (req.shared && !admin)
      throw policyDisallowed('create_network and rule:create_network:shared')
    if (req['router:external'] && !admin) {
      throw policyDisallowed('create_network and rule:create_network:router:external')
    }
    const projectId = req.project_id ?? req.tenant_id ?? caller.project?.id ?? ''
    if (projectId !== caller.project?.id && !admin) throw policyDisallowed('create_network')
    const at = cloud.now().toISOString()
    const network: Network = {
      id: randomUuid(),
      name: req.name ?? '',
      projectId,
      description: req.description ?? '',
      adminStateUp: req.admin_state_up ?? true,
      status: 'ACTIVE',
      shared: req.shared ?? false,
      external: req['router:external'] ?? false,
      isDefault: false,
      mtu: req.mtu ?? 1450,
      portSecurityEnabled: req.port_security_enabled ?? true,
      networkType: req['provider:network_type'] ?? 'geneve',
      physicalNetwork: req['provider:physical_network'] ?? null,
      segmentationId: req['provider:segmentation_id'] ?? data.networks.length + 1000,
      tags: [],
      createdAt: at,
      updatedAt: at,
      revisionNumber: 1,
    }
    data.networks.push(network)
    cloud.state.save()
    return c.json({ network: render(caller, network) }, 201)
  })

  app.delete('/v2.0/networks/:id', (c) => {
    const caller = c.get('caller')
    const network = visibleNetwork(cloud, caller, c.req.param('id'))
    if (network.projectId !== caller.project?.id && !isAdmin(caller)) {
      throw policyDisallowed('delete_network')
    }
    data.networks.splice(data.networks.indexOf(network), 1)
    // Neutron deletes a network's subnets with it when no ports are left on them.
    for (let i = data.subnets.length - 1; i >= 0; i--) {
      if (data.subnets[i]?.networkId === network.id) data.subnets.splice(i, 1)
    }
    cloud.state.save()
    return c.body(null, 204)
  })

  return app
}
