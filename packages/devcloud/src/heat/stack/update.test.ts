import { describe, expect, it } from 'vitest'
import { testCloud } from '../../testing'
import { heatClient, hot, type Json } from '../testing'

const fast = () => testCloud({ timing: { heatResourceMs: 0, serverBuildMs: 0, loadBalancerMs: 0 } })

const template = (value: string, extra: Json = {}) =>
  hot(
    {
      rand: { type: 'OS::Heat::RandomString', properties: { length: 10 } },
      value: { type: 'OS::Heat::Value', properties: { value: { get_param: 'v' } } },
      net: { type: 'OS::Neutron::Net', properties: { name: 'kept' } },
      ...extra,
    },
    {
      parameters: { v: { type: 'string', default: value }, size: { type: 'number', default: 1 } },
      outputs: {
        value: { value: { get_attr: ['value', 'value'] } },
        rand: { value: { get_attr: ['rand', 'value'] } },
      },
    }
  )

const physical = async (heat: Awaited<ReturnType<typeof heatClient>>, name: string) =>
  Object.fromEntries(
    (await heat.resources(name)).map((r) => [r.resource_name, r.physical_resource_id])
  )

describe('stack updates', () => {
  it('PATCH keeps the template and merges parameters; only what changed moves', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create({ stack_name: 's', template: template('one'), parameters: { size: 2 } })
    const before = await physical(heat, 's')
    const rand = (await heat.outputs('s')).rand
    const events = (await heat.events('s')).length
    expect((await heat.call('PATCH', '/stacks/s', { parameters: { v: 'two' } })).status).toBe(202)
    expect(await heat.status('s')).toBe('UPDATE_COMPLETE')
    expect((await heat.stack('s')).parameters).toMatchObject({ v: 'two', size: '2' })
    expect(await heat.outputs('s')).toEqual({ value: 'two', rand })
    expect(await physical(heat, 's')).toEqual(before)
    // Events for the stack and the one changed resource only.
    const changed = (await heat.events('s'))
      .slice(events)
      .map((e) => `${e.resource_name} ${e.resource_status}`)
    expect(changed).toEqual([
      's UPDATE_IN_PROGRESS',
      'value UPDATE_IN_PROGRESS',
      'value UPDATE_COMPLETE',
      's UPDATE_COMPLETE',
    ])
  })

  it('PUT replaces the template: new resources are created, removed ones deleted, parameters reset', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create({ stack_name: 's', template: template('one'), parameters: { size: 2 } })
    const before = await physical(heat, 's')
    const next = template('three', {
      port: { type: 'OS::Neutron::Port', properties: { network: { get_resource: 'net' } } },
    })
    delete (next.resources as Json).rand
    delete (next.outputs as Json).rand
    const put = await heat.call('PUT', '/stacks/s', { template: next })
    expect(put.status, JSON.stringify(put.body)).toBe(202)
    expect(await heat.status('s')).toBe('UPDATE_COMPLETE')
    const after = await physical(heat, 's')
    expect(Object.keys(after).sort()).toEqual(['net', 'port', 'value'])
    expect(after.net).toBe(before.net)
    expect((await heat.stack('s')).parameters).toMatchObject({ v: 'three', size: '1' })
    expect(t.cloud.state.data.ports.map((p) => p.id)).toEqual([after.port])
  })

  it('replaces a resource whose type changes, and a failed one', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create({ stack_name: 's', template: template('one') })
    const before = await physical(heat, 's')
    const swapped = template('one')
    ;(swapped.resources as Json).rand = { type: 'OS::Heat::Value', properties: { value: 'x' } }
    await heat.call('PUT', '/stacks/s', { template: swapped })
    expect(await heat.status('s')).toBe('UPDATE_COMPLETE')
    const after = await physical(heat, 's')
    expect(after.rand).not.toBe(before.rand)
    expect((await heat.resources('s')).find((r) => r.resource_name === 'rand')?.resource_type).toBe(
      'OS::Heat::Value'
    )
    // A resource that failed is replaced on the next update.
    await heat.call('PATCH', '/stacks/s', {
      template: template('one', {
        bad: { type: 'OS::Heat::TestResource', properties: { fail: true } },
      }),
    })
    expect(await heat.status('s')).toBe('UPDATE_FAILED')
    await heat.call('PATCH', '/stacks/s', {
      template: template('one', {
        bad: { type: 'OS::Heat::TestResource', properties: { fail: false } },
      }),
    })
    expect(await heat.status('s')).toBe('UPDATE_COMPLETE')
  })

  it('rolls a failed update back to the previous definition when asked to', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create({ stack_name: 's', template: template('one'), disable_rollback: false })
    await heat.call('PUT', '/stacks/s', {
      template: template('two', {
        bad: { type: 'OS::Heat::TestResource', properties: { fail: true } },
      }),
    })
    const stack = await heat.stack('s')
    expect([stack.stack_status, stack.stack_status_reason]).toEqual([
      'ROLLBACK_COMPLETE',
      'Stack ROLLBACK completed successfully',
    ])
    expect((await heat.resources('s')).map((r) => r.resource_name).sort()).toEqual([
      'net',
      'rand',
      'value',
    ])
    expect(await heat.outputs('s')).toMatchObject({ value: 'one' })
  })
})
