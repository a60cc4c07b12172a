import { describe, expect, it } from 'vitest'
import { seedIds } from '../../seed'
import { testCloud } from '../../testing'
import { heatClient, hot, type Json } from '../testing'

const fast = () => testCloud({ timing: { heatResourceMs: 0, serverBuildMs: 0, loadBalancerMs: 0 } })

const basic = (name: string) => ({
  stack_name: name,
  parameters: { count: 2 },
  template: hot(
    {
      rand: { type: 'OS::Heat::RandomString', properties: { length: 8 } },
      group: {
        type: 'OS::Heat::ResourceGroup',
        properties: {
          count: { get_param: 'count' },
          resource_def: { type: 'OS::Heat::Value', properties: { value: 'node-%index%' } },
        },
      },
    },
    {
      description: 'basic',
      parameters: { count: { type: 'number', default: 1 } },
      outputs: {
        rand: { description: 'random', value: { get_attr: ['rand', 'value'] } },
        values: { value: { get_attr: ['group', 'value'] } },
      },
    }
  ),
})

describe('Heat stacks API', () => {
  it('creates with 201 and a Location, and redirects a name (or bare id) with 302', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const created = await t.request(`${heat.base}/stacks`, {
      method: 'POST',
      token: heat.token,
      json: basic('web'),
    })
    expect(created.status).toBe(201)
    const { stack } = (await created.json()) as {
      stack: { id: string; links: { href: string; rel: string }[] }
    }
    const canonical = `http://127.0.0.1:5000${heat.base}/stacks/web/${stack.id}`
    expect(created.headers.get('Location')).toBe(canonical)
    expect(stack.links).toEqual([{ href: canonical, rel: 'self' }])
    for (const ref of ['web', stack.id]) {
      const res = await t.request(`${heat.base}/stacks/${ref}`, { token: heat.token })
      expect(res.status).toBe(302)
      expect(res.headers.get('Location')).toBe(canonical)
    }
    const sub = await t.request(`${heat.base}/stacks/web/events`, { token: heat.token })
    expect(sub.headers.get('Location')).toBe(`${canonical}/events`)
  })

  it('shows a stack as Heat does, with outputs, string parameters and the success reason', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create(basic('web'))
    const stack = await heat.stack('web')
    expect(stack).toMatchObject({
      stack_name: 'web',
      description: 'basic',
      template_description: 'basic',
      stack_status: 'CREATE_COMPLETE',
      stack_status_reason: 'Stack CREATE completed successfully',
      disable_rollback: true,
      timeout_mins: null,
      stack_owner: 'demo',
      parent: null,
      tags: [],
      capabilities: [],
      notification_topics: [],
    })
    expect(stack.parameters).toEqual({
      'OS::stack_id': stack.id,
      'OS::project_id': seedIds.project('demo'),
      'OS::stack_name': 'web',
      count: '2',
    })
    const outputs = stack.outputs as Json[]
    expect(outputs.find((o) => o.output_key === 'values')).toEqual({
      output_key: 'values',
      description: 'No description given',
      output_value: ['node-0', 'node-1'],
    })
    const url = `/stacks/web/${String(stack.id)}`
    expect((await heat.call('GET', `${url}/outputs/rand`)).body.output).toMatchObject({
      description: 'random',
    })
    const missing = await heat.call('GET', `${url}/outputs/nope`)
    expect(missing.status).toBe(404)
    expect(missing.body.error).toEqual({
      type: 'NotFound',
      traceback: null,
      message: 'Specified output key nope not found.',
    })
  })

  it('refuses a second stack of the same name', async () => {
    const t = testCloud({ timing: { heatResourceMs: 60_000 } })
    const heat = await heatClient(t)
    await heat.create(basic('web'))
    const again = await heat.create(basic('web'))
    expect(again.status).toBe(409)
    expect(again.body).toEqual({
      code: 409,
      title: 'Conflict',
      explanation: 'There was a conflict when trying to complete your request.',
      error: { type: 'StackExists', traceback: null, message: 'The Stack (web) already exists.' },
    })
  })

  it('takes an update while a create or update runs, the last one winning; not while deleting', async () => {
    // Heat's convergence engine: a new traversal supersedes the running one (seen on Heat 19).
    const t = testCloud({ timing: { heatResourceMs: 1000 } })
    const heat = await heatClient(t)
    await heat.create(basic('web'))
    expect(await heat.status('web')).toBe('CREATE_IN_PROGRESS')
    const during = await heat.call('PATCH', '/stacks/web', { parameters: { count: 3 } })
    expect(during.status).toBe(202)
    expect(await heat.status('web')).toBe('UPDATE_IN_PROGRESS')
    t.advanceSeconds(1)
    const again = await heat.call('PATCH', '/stacks/web', { parameters: { count: 4 } })
    expect(again.status).toBe(202)
    t.advanceSeconds(60)
    expect(await heat.status('web')).toBe('UPDATE_COMPLETE')
    expect((await heat.outputs('web')).values).toEqual(['node-0', 'node-1', 'node-2', 'node-3'])
    const { id } = await heat.stack('web')
    await heat.call('DELETE', `/stacks/web/${String(id)}`)
    const deleting = await heat.call('PATCH', `/stacks/web/${String(id)}`, {
      parameters: { count: 1 },
    })
    expect(deleting.status).toBe(400)
    expect(deleting.body.error).toMatchObject({
      type: 'NotSupported',
      message: 'Updating a stack when it is deleting is not supported.',
    })
  })

  it('keeps another project out: 403 on its URL, 404 by name or id, an empty list', async () => {
    const t = fast()
    const demo = await heatClient(t)
    const alt = await heatClient(t, 'alt')
    const id = String((await demo.create(basic('web'))).body.stack && (await demo.stack('web')).id)
    const foreign = await t.request(`${demo.base}/stacks/web/${id}`, { token: alt.token })
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({
      error: { type: 'HTTPForbidden', message: 'Access was denied to this resource.' },
    })
    for (const path of [`/stacks/web/${id}`, `/stacks/${id}`, '/stacks/web']) {
      const res = await alt.call('GET', path)
      expect(res.status, path).toBe(404)
      expect(res.body.error).toMatchObject({ type: 'EntityNotFound' })
    }
    expect((await alt.call('GET', '/stacks')).body.stacks).toEqual([])
  })

  it('deletes with 204; the stack stays visible by id as DELETE_COMPLETE until purged', async () => {
    const t = testCloud({ timing: { heatResourceMs: 0, deletedStackRetentionMs: 60_000 } })
    const heat = await heatClient(t)
    await heat.create(basic('web'))
    const stack = await heat.stack('web')
    const url = `/stacks/web/${String(stack.id)}`
    expect((await heat.call('DELETE', url)).status).toBe(204)
    const gone = await heat.call('GET', url)
    expect(gone.status).toBe(200)
    expect(gone.body.stack).toMatchObject({
      stack_status: 'DELETE_COMPLETE',
      stack_status_reason: 'Stack DELETE completed successfully',
    })
    expect((gone.body.stack as Json).deletion_time).toMatch(/Z$/)
    expect((gone.body.stack as Json).outputs).toBeUndefined()
    expect((await heat.call('GET', '/stacks/web')).status).toBe(404)
    expect((await heat.call('DELETE', url)).status).toBe(404)
    expect((await heat.call('GET', '/stacks')).body.stacks).toEqual([])
    const deleted = (await heat.call('GET', '/stacks?show_deleted=True')).body.stacks as Json[]
    expect(deleted.map((s) => s.stack_status)).toEqual(['DELETE_COMPLETE'])
    t.advanceSeconds(61)
    expect((await heat.call('GET', url)).status).toBe(404)
    expect(t.cloud.state.data.stacks).toEqual([])
  })

  it('lists resources (nested_depth, status filter) and events (sort, marker, nested)', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create(basic('web'))
    const top = await heat.resources('web')
    expect(top.map((r) => [r.resource_name, r.resource_status, r.resource_status_reason])).toEqual([
      ['rand', 'CREATE_COMPLETE', 'state changed'],
      ['group', 'CREATE_COMPLETE', 'state changed'],
    ])
    const group = top.find((r) => r.resource_name === 'group') as Json
    expect((group.links as Json[]).map((l) => l.rel)).toEqual(['self', 'stack', 'nested'])
    const nested = await heat.resources('web', '?nested_depth=1')
    expect(nested.filter((r) => r.parent_resource === 'group').map((r) => r.resource_name)).toEqual(
      ['0', '1']
    )
    expect(await heat.resources('web', '?status=FAILED')).toEqual([])
    const events = await heat.events('web')
    expect(events.map((e) => `${e.resource_name} ${e.resource_status}`)).toEqual([
      'web CREATE_IN_PROGRESS',
      'rand CREATE_IN_PROGRESS',
      'group CREATE_IN_PROGRESS',
      'rand CREATE_COMPLETE',
      'group CREATE_COMPLETE',
      'web CREATE_COMPLETE',
    ])
    const newestFirst = await heat.events('web', '')
    expect(newestFirst[0]?.resource_status).toBe('CREATE_COMPLETE')
    const after = await heat.events('web', `?sort_dir=asc&marker=${String(events[3]?.id)}`)
    expect(after.map((e) => e.resource_name)).toEqual(['group', 'web'])
    const deep = await heat.events('web', '?sort_dir=asc&nested_depth=1')
    expect(deep.filter((e) => e.resource_name === '0')).toHaveLength(2)
    expect(((deep[0]?.links ?? []) as Json[]).map((l) => l.rel)).toContain('root_stack')
  })

  it('answers PATCH and PUT with 202 and an HTML body', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create(basic('web'))
    const res = await t.request(`${heat.base}/stacks/web/${String((await heat.stack('web')).id)}`, {
      method: 'PATCH',
      token: heat.token,
      json: { parameters: { count: 3 } },
    })
    expect(res.status).toBe(202)
    expect(res.headers.get('Content-Type')).toContain('text/html')
    expect(await res.text()).toContain('<h1>202 Accepted</h1>')
    expect(await heat.outputs('web')).toMatchObject({ values: ['node-0', 'node-1', 'node-2'] })
  })

  it('answers a client asking for JSON (heatclient, Berth) with the same page as JSON', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create(basic('web'))
    const id = String((await heat.stack('web')).id)
    const res = await t.request(`${heat.base}/stacks/web/${id}`, {
      method: 'PATCH',
      token: heat.token,
      headers: { Accept: 'application/json' },
      json: { parameters: { count: 1 } },
    })
    const found = await t.request(`${heat.base}/stacks/web`, {
      token: heat.token,
      headers: { Accept: 'application/json' },
    })
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({
      message: 'The request is accepted for processing.<br /><br />\n\n\n',
      code: '202 Accepted',
      title: 'Accepted',
    })
    expect(found.status).toBe(302)
    expect(await found.json()).toMatchObject({ code: '302 Found', title: 'Found' })
  })
})
