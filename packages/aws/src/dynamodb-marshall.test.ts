import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  fromAttribute,
  MarshallError,
  marshallItem,
  toAttribute,
  unmarshallItem,
} from './dynamodb-marshall'

/** Values DynamoDB stores and gives back as they were (sets, bytes and -0 aside: see below). */
const storable: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    fc.integer(),
    fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 16 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 })
  ),
})).value

const item = fc.dictionary(fc.string(), storable, { maxKeys: 6 })

describe('DynamoDB marshalling', () => {
  it('round-trips every storable value', () => {
    fc.assert(
      fc.property(item, (i) => {
        const back = unmarshallItem(JSON.parse(JSON.stringify(marshallItem(i))))
        expect(back).toEqual(i)
      })
    )
  })

  it('leaves undefined entries and list elements out, as removeUndefinedValues did', () => {
    fc.assert(
      fc.property(item, fc.string(), (i, key) => {
        fc.pre(!(key in i))
        expect(marshallItem({ ...i, [key]: undefined })).toEqual(marshallItem(i))
        expect(toAttribute([undefined, 1, undefined])).toEqual({ L: [{ N: '1' }] })
      })
    )
  })

  it('writes each type as DynamoDB spells it', () => {
    expect(
      marshallItem({
        s: 'x',
        n: 1.5,
        b: true,
        z: null,
        bytes: new Uint8Array([1, 2, 255]),
        l: ['a', 2],
        m: { k: 'v' },
        ss: new Set(['a', 'b']),
        ns: new Set([1, 2]),
      })
    ).toEqual({
      s: { S: 'x' },
      n: { N: '1.5' },
      b: { BOOL: true },
      z: { NULL: true },
      bytes: { B: 'AQL/' },
      l: { L: [{ S: 'a' }, { N: '2' }] },
      m: { M: { k: { S: 'v' } } },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2'] },
    })
  })

  it('reads sets back as sets and numbers as numbers', () => {
    expect(fromAttribute({ SS: ['a'] })).toEqual(new Set(['a']))
    expect(fromAttribute({ NS: ['1', '2.5'] })).toEqual(new Set([1, 2.5]))
    expect(fromAttribute({ N: '-7' })).toBe(-7)
    expect(unmarshallItem({ ['__proto__']: { S: 'kept' } })).toEqual(
      Object.fromEntries([['__proto__', 'kept']])
    )
  })

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an unsafe integer', 2 ** 60],
    ['a Date', new Date(0)],
    ['a class instance', new (class Thing {})()],
    ['a bigint', 10n],
    ['a function', () => 1],
    ['an empty set', new Set()],
    ['a mixed set', new Set([1, 'a'])],
  ])('refuses %s rather than store something else', (_, value) => {
    expect(() => toAttribute(value)).toThrow(MarshallError)
  })

  it('refuses a stored number JavaScript cannot hold exactly', () => {
    expect(() => fromAttribute({ N: '12345678901234567890' })).toThrow(MarshallError)
    expect(() => fromAttribute({})).toThrow(MarshallError)
  })
})
