import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HeatError } from './errors'
import { type FunctionContext, hasUnresolved, references, resolve, UNRESOLVED } from './functions'

const where = { path: 'resources.r.properties.value', ref: 'r.Properties.value' }

const context = (over: Partial<FunctionContext> = {}): FunctionContext => ({
  version: '2018-08-31',
  validating: false,
  param: (name) =>
    ({ count: 3, flag: true, list: ['x', ' y', 'z'], map: { a: { b: [1, 2] } } })[name],
  ref: (name) => `${name}-id`,
  attr: (name, attribute, path) => ({ name, attribute, path }),
  file: (name) => ({ 'script.sh': '#!/bin/sh\necho hi\n' })[name],
  condition: (name) => name === 'yes',
  ...over,
})

const run = (value: unknown, over: Partial<FunctionContext> = {}) =>
  resolve(value, context(over), where)

describe('HOT intrinsic functions', () => {
  it('reads parameters, with a path into them, and resources', () => {
    expect(run({ get_param: 'count' })).toBe(3)
    expect(run({ get_param: ['map', 'a', 'b', 1] })).toBe(2)
    expect(run({ get_param: ['map', 'nope', 'b'] })).toBeNull()
    expect(run({ get_resource: 'net' })).toBe('net-id')
    expect(run({ get_attr: ['server', 'networks', 'private', 0] })).toEqual({
      name: 'server',
      attribute: 'networks',
      path: ['private', 0],
    })
    expect(run({ get_file: 'script.sh' })).toBe('#!/bin/sh\necho hi\n')
  })

  it('replaces strings like Python: longest keys first, booleans as True, maps as JSON', () => {
    expect(
      run({
        str_replace: {
          template: '$name and $name_full: n=N b=B m=M',
          params: {
            $name: 'a',
            $name_full: 'b',
            N: { get_param: 'count' },
            B: true,
            M: { k: [1] },
          },
        },
      })
    ).toBe('a and b: n=3 b=True m={"k": [1]}')
    expect(() => run({ str_replace_strict: { template: 'a-b', params: { c: 'x' } } })).toThrow(
      'The following params were not found in the template: c'
    )
  })

  it('joins lists, encoding what is not a string as JSON', () => {
    expect(run({ list_join: [',', ['a', { get_param: 'list' }]] })).toBe('a,["x", " y", "z"]')
    expect(run({ list_join: ['-', ['a', 'b'], ['c']] })).toBe('a-b-c')
    expect(() => run({ list_join: 'x' })).toThrow(
      'resources.r.properties.value.list_join: : Incorrect arguments to "list_join"'
    )
  })

  it('repeats over lists (permutations by default) and splits strings', () => {
    expect(run({ repeat: { for_each: { '%x%': ['a', 'b'] }, template: 'v-%x%' } })).toEqual([
      'v-a',
      'v-b',
    ])
    expect(
      run({ repeat: { for_each: { '<a>': [1, 2], '<b>': ['x', 'y'] }, template: '<a><b>' } })
    ).toEqual(['1x', '1y', '2x', '2y'])
    expect(
      run({
        repeat: {
          for_each: { '<a>': [1, 2], '<b>': ['x', 'y'] },
          template: '<a><b>',
          permutations: false,
        },
      })
    ).toEqual(['1x', '2y'])
    expect(run({ str_split: [',', 'a,b,c', 1] })).toBe('b')
  })

  it('evaluates conditions and only the chosen branch of if', () => {
    expect(
      run(
        { if: ['yes', 'a', { get_resource: 'missing' }] },
        {
          ref: () => {
            throw new Error('resolved')
          },
        }
      )
    ).toBe('a')
    expect(run({ if: [{ equals: [{ get_param: 'flag' }, true] }, 'on', 'off'] })).toBe('on')
    expect(run({ if: [{ not: { or: ['no', { and: ['yes', false] }] } }, 1, 2] })).toBe(1)
    expect(run({ contains: ['x', { get_param: 'list' }] })).toBe(true)
  })

  it('merges, replaces and filters collections, and digests', () => {
    expect(run({ map_merge: [{ a: 1 }, { b: 2 }, { a: 3 }] })).toEqual({ a: 3, b: 2 })
    expect(run({ map_replace: [{ k: 'v' }, { keys: { k: 'k2' }, values: { v: 'v2' } }] })).toEqual({
      k2: 'v2',
    })
    expect(
      run({
        list_concat_unique: [
          [1, 2],
          [2, 3],
        ],
      })
    ).toEqual([1, 2, 3])
    expect(run({ filter: [[null], [1, null, 2]] })).toEqual([1, 2])
    expect(run({ digest: ['sha256', 'abc'] })).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
    expect(
      run({ make_url: { scheme: 'https', host: 'fd00::1', port: 6443, path: 'healthz' } })
    ).toBe('https://[fd00::1]:6443/healthz')
  })

  it('treats a function newer than the template version as plain data', () => {
    expect(run({ if: [true, 'a', 'b'] }, { version: '2015-04-30' })).toEqual({
      if: [true, 'a', 'b'],
    })
    expect(run({ not_a_function: 1 })).toEqual({ not_a_function: 1 })
  })

  it('stays unresolved while validating, and complains about a missing file at create', () => {
    const validating = context({ validating: true, ref: () => UNRESOLVED })
    expect(
      hasUnresolved(
        resolve(
          { str_replace: { template: 'x', params: { x: { get_resource: 'a' } } } },
          validating,
          where
        )
      )
    ).toBe(true)
    expect(
      hasUnresolved(resolve({ get_file: 'nope' }, { ...validating, lenient: true }, where))
    ).toBe(true)
    expect(() => run({ get_file: 'nope' })).toThrow(HeatError)
    expect(() => run({ get_file: 'nope' })).toThrow(
      'No content found in the "files" section for get_file path: nope'
    )
  })

  it('finds every resource a value refers to', () => {
    const value = {
      a: [{ get_resource: 'net' }, { get_attr: ['server', 'first_address'] }],
      b: { if: ['c', { get_resource: 'x' }, 1] },
    }
    expect([...references(value, '2018-08-31')].sort()).toEqual(['net', 'server', 'x'])
  })

  it('list_join of strings is Array.join, and str_replace without matches leaves the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.string({ maxLength: 3 }), (items, delim) => {
        expect(run({ list_join: [delim, items] })).toBe(items.join(delim))
      })
    )
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z ]*$/),
        fc.stringMatching(/^[A-Z]{1,5}$/),
        (text, key) => {
          expect(run({ str_replace: { template: text, params: { [key]: 'v' } } })).toBe(text)
        }
      )
    )
  })
})
