import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { testCloud } from '../../testing'
import { heatClient, hot } from '../testing'
import { memberNames } from './resource-group'

describe('ResourceGroup member names', () => {
  it('are the first `count` indexes not retired, in order', () => {
    fc.assert(
      fc.property(
        fc.nat(30),
        fc.uniqueArray(fc.nat(40).map(String), { maxLength: 10 }),
        (count, retired) => {
          const names = memberNames(count, retired)
          expect(names).toHaveLength(count)
          expect(names.some((n) => retired.includes(n))).toBe(false)
          expect(names.map(Number)).toEqual([...names.map(Number)].sort((a, b) => a - b))
          // Nothing smaller was skipped unless retired.
          const largest = Math.max(-1, ...names.map(Number))
          for (let i = 0; i < largest; i++)
            expect(names.includes(String(i)) || retired.includes(String(i))).toBe(true)
        }
      )
    )
  })
})

describe('ResourceGroup through Heat', () => {
  const group = (count: number, remove: string[] = [], mode = 'append') =>
    hot(
      {
        g: {
          type: 'OS::Heat::ResourceGroup',
          properties: {
            count,
            removal_policies: [{ resource_list: remove }],
            removal_policies_mode: mode,
            resource_def: { type: 'OS::Heat::Value', properties: { value: 'v-%index%' } },
          },
        },
      },
      {
        outputs: {
          values: { value: { get_attr: ['g', 'value'] } },
          by_name: { value: { get_attr: ['g', 'attributes', 'value'] } },
          second: { value: { get_attr: ['g', 'resource.1', 'value'] } },
          removed: { value: { get_attr: ['g', 'removed_rsrc_list'] } },
        },
      }
    )

  it('removes the listed members first and never reuses their names', async () => {
    const t = testCloud({ timing: { heatResourceMs: 0 } })
    const heat = await heatClient(t)
    await heat.create({ stack_name: 'g', template: group(4) })
    expect(await heat.outputs('g')).toEqual({
      values: ['v-0', 'v-1', 'v-2', 'v-3'],
      by_name: { 0: 'v-0', 1: 'v-1', 2: 'v-2', 3: 'v-3' },
      second: 'v-1',
      removed: [],
    })
    await heat.call('PUT', '/stacks/g', { template: group(2, ['1', '2']) })
    expect(await heat.outputs('g')).toMatchObject({ values: ['v-0', 'v-3'], removed: ['1', '2'] })
    await heat.call('PUT', '/stacks/g', { template: group(4) })
    expect(await heat.outputs('g')).toMatchObject({
      values: ['v-0', 'v-3', 'v-4', 'v-5'],
      removed: ['1', '2'],
    })
    // Mode update forgets the old list: names come back.
    await heat.call('PUT', '/stacks/g', { template: group(4, [], 'update') })
    expect(await heat.outputs('g')).toMatchObject({
      values: ['v-0', 'v-1', 'v-2', 'v-3'],
      removed: [],
    })
  })
})
