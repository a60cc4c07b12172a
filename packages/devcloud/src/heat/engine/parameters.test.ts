import { describe, expect, it } from 'vitest'
import {
  checkDefaults,
  coerce,
  displayParameter,
  parseParamSchemas,
  resolveParameters,
} from './parameters'

const schemas = (raw: Record<string, Record<string, unknown>>) => parseParamSchemas(raw)
const none = () => undefined

describe('HOT parameters', () => {
  it('converts values to their types like Heat', () => {
    expect(coerce('number', '3')).toBe(3)
    expect(coerce('number', '2.50')).toBe(2.5)
    expect(() => coerce('number', 'abc')).toThrow("could not convert string to float: 'abc'")
    expect(coerce('boolean', 'yes')).toBe(true)
    expect(coerce('boolean', 'off')).toBe(false)
    expect(() => coerce('boolean', 'maybe')).toThrow("Unrecognized value 'maybe'")
    expect(coerce('comma_delimited_list', 'x, y,z')).toEqual(['x', ' y', 'z'])
    expect(coerce('comma_delimited_list', '')).toEqual([])
    expect(coerce('json', '{"a": [1]}')).toEqual({ a: [1] })
    expect(coerce('string', 7)).toBe('7')
  })

  it('reports missing, unknown and invalid values with Heat’s types and messages', () => {
    const s = schemas({
      p: { type: 'number', default: 1, constraints: [{ range: { min: 0, max: 5 } }] },
      q: { type: 'string' },
    })
    expect(() => resolveParameters(s, {}, {}, none)).toThrow('The Parameter (q) was not provided.')
    expect(() => resolveParameters(s, { q: 'x', zz: 1 }, {}, none)).toThrow(
      'The Parameter (zz) was not defined in template.'
    )
    expect(() => resolveParameters(s, { q: 'x', p: 7 }, {}, none)).toThrow(
      "Parameter 'p' is invalid: 7 is out of range (min: 0, max: 5)"
    )
    expect(() => resolveParameters(s, { q: 'x', p: 'abc' }, {}, none)).toThrow(
      "Parameter 'p' is invalid: could not convert string to float: 'abc'"
    )
    expect(resolveParameters(s, {}, { q: 'from defaults' }, none)).toEqual({
      p: 1,
      q: 'from defaults',
    })
  })

  it('checks defaults against their constraints when the template loads', () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { type: 'number', default: 9, constraints: [{ range: { min: 0, max: 5 } }] },
        'Invalid default 9 (9 is out of range (min: 0, max: 5))',
      ],
      [
        { type: 'string', default: 'z', constraints: [{ allowed_values: ['a', 'b'] }] },
        'Invalid default z ("z" is not an allowed value ["a", "b"])',
      ],
      [
        {
          type: 'string',
          default: 'z',
          constraints: [{ allowed_pattern: '[a-b]+', description: 'only a or b' }],
        },
        'Invalid default z (only a or b)',
      ],
      [
        { type: 'string', default: 'zzzz', constraints: [{ length: { max: 2 } }] },
        'Invalid default zzzz (length (4) is out of range (min: None, max: 2))',
      ],
    ]
    for (const [schema, message] of cases) {
      expect(() => checkDefaults(schemas({ p: schema }))).toThrow(
        `Parameter 'p' is invalid: ${message}`
      )
    }
    expect(() => schemas({ p: { type: 'strin' } })).toThrow('Invalid type (strin)')
  })

  it('shows values as strings, hidden ones masked', () => {
    const [b, j, l, h] = schemas({
      b: { type: 'boolean' },
      j: { type: 'json' },
      l: { type: 'comma_delimited_list' },
      h: { type: 'string', hidden: true },
    })
    expect(b && displayParameter(b, true)).toBe('True')
    expect(j && displayParameter(j, { a: [1] })).toBe('{"a": [1]}')
    expect(l && displayParameter(l, ['x', ' y'])).toBe('x, y')
    expect(h && displayParameter(h, 'secret')).toBe('******')
  })
})
