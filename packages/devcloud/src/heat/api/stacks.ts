import { type Context, Hono } from 'hono'
import { actorOf } from '../../actor'
import type { DevCloud } from '../../context'
import { parseBool } from '../../http'
import { mergeEnvironment } from '../engine/environment'
import { HeatError } from '../engine/errors'
import { stackNotFound } from '../errors'
import type { Definition, Stack } from '../model'
import { cancel, newStack, startCreate, startDelete, startUpdate } from '../stack/operations'
import { identifyStack } from '../stack/store'
import { validateDefinition } from '../stack/validate'
import type { HeatEnv } from './env'
import { listStacks } from './list'
import { identified, lookup, redirectTo, tenantOf } from './lookup'
import { renderStack, stackUrl, webobResponse } from './render'
import { checkStackName, heatBody, stackRequest } from './requests'

const LOOKUP_PATHS = new Set([
  'resources',
  'events',
  'template',
  'actions',
  'environment',
  'files',
  'outputs',
])

const accepted = (c: Context) => webobResponse(c, 202)

/**
 * Heat's convergence engine takes an update while a create or update runs (a new traversal
 * supersedes it, the last update wins); not while the stack is being deleted or rolled back.
 */
const updatable = (stack: Stack) => {
  if (stack.op?.mode === 'delete' && stack.action === 'DELETE') {
    throw new HeatError(
      'NotSupported',
      'Updating a stack when it is deleting is not supported.',
      400
    )
  }
  if (stack.op !== null && stack.action !== 'CREATE' && stack.action !== 'UPDATE') notBusy(stack)
}

const notBusy = (stack: Stack) => {
  if (stack.op !== null) {
    throw new HeatError(
      'ActionInProgress',
      `Stack ${stack.name} already has an action (${stack.action}) in progress.`,
      409
    )
  }
}

/** Create, list, show (by name ⇒ 302), update (PATCH keeps, PUT replaces) and delete. */
export const heatStackRoutes = (cloud: DevCloud) => {
  const app = new Hono<HeatEnv>()

  app.get('/v1/:tenant/stacks', (c) => c.json(listStacks(cloud, c, tenantOf(c))))

  app.post('/v1/:tenant/stacks', async (c) => {
    const projectId = tenantOf(c)
    const body = await heatBody(c)
    const name = checkStackName(body.stack_name)
    const req = stackRequest(body)
    if (!req.definition) throw new HeatError('HTTPBadRequest', 'No template specified')
    if (identifyStack(cloud, projectId, name)?.name === name) {
      throw new HeatError('StackExists', `The Stack (${name}) already exists.`, 409)
    }
    const caller = c.get('caller')
    validateDefinition(cloud, actorOf(caller), req.definition, { strict: true })
    const now = cloud.now()
    const stack = newStack(
      cloud,
      {
        name,
        projectId,
        userId: caller.user.id,
        ownerName: caller.user.name,
        definition: req.definition,
        timeoutMins: req.timeoutMins ?? null,
        disableRollback: req.disableRollback ?? true,
        tags: req.tags ?? null,
      },
      now
    )
    startCreate(cloud, stack, now)
    cloud.state.save()
    const location = stackUrl(cloud, stack)
    c.header('Location', location)
    return c.json({ stack: { id: stack.id, links: [{ href: location, rel: 'self' }] } }, 201)
  })

  app.on(['GET', 'PUT', 'PATCH', 'DELETE', 'POST'], '/v1/:tenant/stacks/:name', (c) =>
    redirectTo(c, cloud, lookup(cloud, c, c.req.param('name')))
  )

  app.get('/v1/:tenant/stacks/:name/:id', (c) => {
    const second = c.req.param('id')
    if (LOOKUP_PATHS.has(second))
      return redirectTo(c, cloud, lookup(cloud, c, c.req.param('name')), second)
    const outputs = parseBool(c.req.query('resolve_outputs') ?? 'true') !== false
    return c.json({ stack: renderStack(cloud, identified(cloud, c), { outputs }) })
  })

  for (const method of ['PATCH', 'PUT'] as const) {
    app.on(method, '/v1/:tenant/stacks/:name/:id', async (c) => {
      const stack = identified(cloud, c)
      if (stack.deletedAt !== null)
        throw new HeatError('EntityNotFound', `The Stack (${stack.name}) could not be found.`, 404)
      const req = stackRequest(await heatBody(c))
      updatable(stack)
      const previous = stack.definition
      let definition: Definition
      if (method === 'PUT') {
        if (!req.definition) throw new HeatError('HTTPBadRequest', 'No template specified')
        definition = req.definition
      } else {
        const environment = mergeEnvironment(
          previous.environment,
          req.environment ?? previous.environment
        )
        const parameters = {
          ...previous.environment.parameters,
          ...(req.environment?.parameters ?? {}),
          ...req.parameters,
        }
        for (const key of req.clearParameters) delete parameters[key]
        definition = {
          template: req.definition?.template ?? previous.template,
          files: { ...previous.files, ...(req.files ?? {}) },
          environment: { ...environment, parameters },
        }
      }
      validateDefinition(cloud, actorOf(c.get('caller')), definition, { strict: true })
      if (req.timeoutMins !== undefined) stack.timeoutMins = req.timeoutMins
      if (req.disableRollback !== undefined) stack.disableRollback = req.disableRollback
      if (req.tags !== undefined) stack.tags = req.tags
      startUpdate(cloud, stack, definition, cloud.now())
      cloud.state.save()
      return accepted(c)
    })
  }

  app.delete('/v1/:tenant/stacks/:name/:id', (c) => {
    const stack = identified(cloud, c)
    // A stack already deleted is gone as far as another delete is concerned.
    if (stack.deletedAt !== null) throw stackNotFound(stack.name)
    const now = cloud.now()
    // As Heat does: a delete asked for again cancels the one under way and starts over.
    if (stack.action === 'DELETE' && stack.op !== null) cancel(cloud, stack, now)
    startDelete(cloud, stack, now)
    cloud.state.save()
    return c.body(null, 204)
  })

  app.get('/v1/:tenant/stacks/:name/:id/template', (c) =>
    c.json(identified(cloud, c).definition.template)
  )
  app.get('/v1/:tenant/stacks/:name/:id/environment', (c) =>
    c.json(identified(cloud, c).definition.environment)
  )
  app.get('/v1/:tenant/stacks/:name/:id/files', (c) =>
    c.json(identified(cloud, c).definition.files)
  )
  return app
}
