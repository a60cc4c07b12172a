import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { actorOf } from '../actor'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, notFound, readJsonObject } from '../http'
import type { ValidToken } from '../keystone/tokens'
import type { Network } from './model'
import { createNetwork, deleteNetwork } from './networks-service'
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

export { policyDisallowed } from './networks-service'

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
    const network = createNetwork(cloud, actorOf(caller), {
      name: req.name,
      description: req.description,
      adminStateUp: req.admin_state_up,
      shared: req.shared,
      external: req['router:external'],
      mtu: req.mtu,
      portSecurityEnabled: req.port_security_enabled,
      projectId: req.project_id ?? req.tenant_id,
      networkType: req['provider:network_type'],
      physicalNetwork: req['provider:physical_network'],
      segmentationId: req['provider:segmentation_id'],
    })
    return c.json({ network: render(caller, network) }, 201)
  })

  app.delete('/v2.0/networks/:id', (c) => {
    deleteNetwork(cloud, actorOf(c.get('caller')), c.req.param('id'))
    return c.body(null, 204)
  })

  return app
}
