import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareVersions, type LabelSpec, labelParameter, labelValue, PAYLOAD_SAFE } from './labels'

const spec = (over: Partial<LabelSpec>): LabelSpec => ({
  name: 'x',
  kind: 'string',
  default: '',
  description: 'd',
  ...over,
})

describe('Function: compareVersions', () => {
  it('orders releases numerically, with or without a v', () => {
    expect(compareVersions('v1.30.4', 'v1.9.10')).toBe(1)
    expect(compareVersions('1.27', 'v1.27.0')).toBe(0)
    expect(compareVersions('v3.5.15', '3.5.16')).toBe(-1)
    expect(compareVersions('latest', 'v1.0')).toBeUndefined()
  })

  it('is antisymmetric', () => {
    const version = fc
      .array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 })
      .map((parts) => `v${parts.join('.')}`)
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, b)).toBe(-(compareVersions(b, a) ?? 0) || 0)
      })
    )
  })
})

describe('Function: labelValue', () => {
  it('converts labels, stored as strings, to the parameter types', () => {
    expect(labelValue(spec({ kind: 'number', default: '0' }), '20')).toBe(20)
    expect(labelValue(spec({ kind: 'boolean', default: 'true' }), 'False')).toBe(false)
    expect(labelValue(spec({ kind: 'boolean', default: 'true' }), undefined)).toBe(true)
    expect(labelValue(spec({ kind: 'cidr', default: '10.0.0.0/24' }), ' 10.1.0.0/16 ')).toBe(
      '10.1.0.0/16'
    )
  })

  it('names the label it refuses', () => {
    expect(() => labelValue(spec({ name: 'n', kind: 'number' }), 'ten')).toThrow(/label n/)
    expect(() => labelValue(spec({ kind: 'cidr' }), '10.0.0.0')).toThrow(/does not match/)
    expect(() => labelValue(spec({ kind: 'choice', choices: ['a'] }), 'b')).toThrow(/one of a/)
    expect(() => labelValue(spec({}), 'say "hi"')).toThrow(/does not match/)
  })

  it('agrees with the constraint Heat enforces on the parameter', () => {
    const text = spec({})
    const pattern = new RegExp(labelParameter(text).constraints?.[0]?.allowed_pattern as string)
    expect(pattern.source).toBe(new RegExp(PAYLOAD_SAFE).source)
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => {
        let accepted = true
        try {
          labelValue(text, s)
        } catch {
          accepted = false
        }
        expect(accepted).toBe(pattern.test(s.trim()))
      })
    )
  })
})
