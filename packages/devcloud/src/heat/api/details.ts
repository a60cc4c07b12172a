import type { Context } from 'hono'
import { Hono } from 'hono'
import type { DevCloud } from '../../context'
import { parseBool } from '../../http'
import { HeatError } from '../engine/errors'
import type { HeatEvent, HeatResource, Stack } from '../model'
import { handlerFor } from '../resources/index'
import { knownAttributes } from '../stack/attributes'
import { attributeOf, implementationOf, runtimeFor, stackById } from '../stack/runtime'
import type { HeatEnv } from './env'
import { identified } from './lookup'
import { renderEvent, renderOutputs, renderResource } from './render'

type Nested<T> = { stack: Stack; item: T }

/** The stack's resources, and those of its nested stacks down to `depth` levels. */
const resourcesDown = (cloud: DevCloud, stack: Stack, depth: number): Nested<HeatResource>[] =>
  stack.resources.flatMap((r) => {
    const child = depth > 0 ? stackById(cloud, r.nestedStackId) : undefined
    return [{ stack, item: r }, ...(child ? resourcesDown(cloud, child, depth - 1) : [])]
  })

const eventsDown = (cloud: DevCloud, stack: Stack, depth: number): Nested<HeatEvent>[] => [
  ...stack.events.map((item) => ({ stack, item })),
  ...(depth > 0
    ? stack.resources.flatMap((r) => {
        const child = stackById(cloud, r.nestedStackId)
        return child ? eventsDown(cloud, child, depth - 1) : []
      })
    : []),
]

const depthOf = (c: Context) => Number(c.req.query('nested_depth') ?? 0) || 0

/** Resource show: every attribute of the type (group attributes are computed lazily: null). */
const attributes = (cloud: DevCloud, stack: Stack, r: HeatResource) => {
  const impl = implementationOf(cloud, stack, r)
  const handler = handlerFor(impl)
  if (handler.describe && r.physicalId !== '') {
    return handler.describe(runtimeFor(cloud, stack, r, cloud.now()))
  }
  const known = knownAttributes(impl)
  if (known === 'any') {
    return handler.attributeAt
      ? { attributes: null, refs_map: null, removed_rsrc_list: r.data.blacklist ?? [], refs: null }
      : {}
  }
  const names = known.filter((a) => a !== 'show' && a !== 'OS::stack_id')
  return Object.fromEntries(names.map((a) => [a, attributeOf(cloud, stack, r, a, [], cloud.now())]))
}

const matches = (value: string, wanted: string[]) =>
  wanted.length === 0 ||
  wanted.some((w) => value === w || value.endsWith(`_${w}`) || value.startsWith(`${w}_`))

export const heatDetailRoutes = (cloud: DevCloud) => {
  const app = new Hono<HeatEnv>()
  const base = '/v1/:tenant/stacks/:name/:id'

  app.get(`${base}/outputs`, (c) =>
    c.json({ outputs: renderOutputs(cloud, identified(cloud, c), false) })
  )
  app.get(`${base}/outputs/:key`, (c) => {
    const key = c.req.param('key')
    const output = renderOutputs(cloud, identified(cloud, c), true).find(
      (o) => o.output_key === key
    )
    if (!output) throw new HeatError('NotFound', `Specified output key ${key} not found.`, 404)
    return c.json({ output })
  })

  app.get(`${base}/resources`, (c) => {
    const stack = identified(cloud, c)
    const depth = depthOf(c)
    const q = (k: string) => c.req.queries(k) ?? []
    const detail = parseBool(c.req.query('with_detail') ?? 'false') === true
    const rows = resourcesDown(cloud, stack, depth).filter(
      ({ item: r }) =>
        matches(`${r.action}_${r.status}`, q('status')) &&
        (q('action').length === 0 || q('action').includes(r.action)) &&
        (q('name').length === 0 || q('name').includes(r.name)) &&
        (q('type').length === 0 || q('type').includes(r.type)) &&
        (q('id').length === 0 || q('id').includes(r.physicalId))
    )
    return c.json({
      resources: rows.map(({ stack: s, item: r }) => ({
        ...renderResource(cloud, s, r, { nested: depth > 0 }),
        ...(detail ? { description: '', attributes: attributes(cloud, s, r) } : {}),
      })),
    })
  })

  app.get(`${base}/resources/:resource`, (c) => {
    const stack = identified(cloud, c)
    const name = c.req.param('resource')
    const r = stack.resources.find((x) => x.name === name)
    if (!r)
      throw new HeatError(
        'ResourceNotFound',
        `The Resource (${name}) could not be found in Stack ${stack.name}.`,
        404
      )
    return c.json({
      resource: {
        ...renderResource(cloud, stack, r, { nested: false }),
        description: '',
        attributes: attributes(cloud, stack, r),
      },
    })
  })

  app.get(`${base}/resources/:resource/metadata`, (c) => {
    const stack = identified(cloud, c)
    const name = c.req.param('resource')
    if (!stack.resources.some((x) => x.name === name)) {
      throw new HeatError(
        'ResourceNotFound',
        `The Resource (${name}) could not be found in Stack ${stack.name}.`,
        404
      )
    }
    return c.json({ metadata: {} })
  })

  const listEvents = (c: Context<HeatEnv>, resource?: string) => {
    const stack = identified(cloud, c)
    const depth = depthOf(c)
    const q = (k: string) => c.req.queries(k) ?? []
    let rows = eventsDown(cloud, stack, depth).filter(
      ({ item: e }) =>
        (resource === undefined || e.resourceName === resource) &&
        (q('resource_name').length === 0 || q('resource_name').includes(e.resourceName)) &&
        matches(e.status, q('resource_status')) &&
        (q('resource_action').length === 0 ||
          q('resource_action').some((a) => e.status.startsWith(`${a}_`)))
    )
    const asc = c.req.query('sort_dir') === 'asc'
    rows = rows
      .map((row, i) => ({ row, i }))
      .sort((a, b) => a.row.item.at.localeCompare(b.row.item.at) || a.i - b.i)
      .map((x) => x.row)
    if (!asc) rows.reverse()
    const marker = c.req.query('marker')
    if (marker) {
      const at = rows.findIndex(({ item }) => item.id === marker)
      rows = at < 0 ? rows : rows.slice(at + 1)
    }
    const limit = c.req.query('limit') === undefined ? undefined : Number(c.req.query('limit'))
    if (limit !== undefined) rows = rows.slice(0, limit)
    return c.json({
      events: rows.map(({ stack: s, item }) => renderEvent(cloud, s, item, { root: depth > 0 })),
    })
  }
  app.get(`${base}/events`, (c) => listEvents(c))
  app.get(`${base}/resources/:resource/events`, (c) => listEvents(c, c.req.param('resource')))
  app.get(`${base}/resources/:resource/events/:event`, (c) => {
    const stack = identified(cloud, c)
    const event = stack.events.find(
      (e) => e.id === c.req.param('event') && e.resourceName === c.req.param('resource')
    )
    if (!event)
      throw new HeatError(
        'EntityNotFound',
        `The Event (${c.req.param('event')}) could not be found.`,
        404
      )
    // Heat names the stack's own events' type OS::Heat::Stack; a resource's is its type.
    const resourceType =
      stack.resources.find((r) => r.name === event.resourceName)?.type ?? 'OS::Heat::Stack'
    return c.json({
      event: {
        ...renderEvent(cloud, stack, event, { root: false }),
        resource_properties: {},
        resource_type: resourceType,
      },
    })
  })
  return app
}
