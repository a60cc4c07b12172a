import type { Context } from 'hono'
import type { DevCloud } from '../../context'
import { isAdmin } from '../../keystone/tokens'
import { heatForbidden, stackNotFound } from '../errors'
import type { Stack } from '../model'
import { identifyStack } from '../stack/store'
import type { HeatEnv } from './env'
import { stackUrl, webobResponse } from './render'

/** The project the URL names must be the caller's (Heat's tenant_local check). */
export const tenantOf = (c: Context<HeatEnv>): string => {
  const tenant = c.req.param('tenant') ?? ''
  if (tenant !== c.get('caller').project?.id) throw heatForbidden()
  return tenant
}

/** A stack by name or id in the caller's project; Heat's 404 otherwise. */
export const lookup = (cloud: DevCloud, c: Context<HeatEnv>, nameOrId: string): Stack => {
  const stack = identifyStack(cloud, tenantOf(c), nameOrId, isAdmin(c.get('caller')))
  if (!stack) throw stackNotFound(nameOrId)
  return stack
}

/** `/stacks/{name}/{id}`: the id must exist in the project and carry that name. */
export const identified = (cloud: DevCloud, c: Context<HeatEnv>): Stack => {
  const name = c.req.param('name') ?? ''
  const id = c.req.param('id') ?? ''
  const stack = identifyStack(cloud, tenantOf(c), id, isAdmin(c.get('caller')))
  if (!stack || stack.id !== id || stack.name !== name) throw stackNotFound(name)
  return stack
}

/** Heat's 302 from a name (or bare id) to the canonical `/stacks/{name}/{id}[/path]?query`. */
export const redirectTo = (c: Context, cloud: DevCloud, stack: Stack, path?: string) => {
  const query = new URL(c.req.url).search
  const location = `${stackUrl(cloud, stack)}${path === undefined ? '' : `/${path}`}${query}`
  c.header('Location', location)
  return webobResponse(c, 302, location)
}
