import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PythonLiteralError, type PyValue, parsePythonLiteral, pythonRepr } from './python-literal'

const pyValue: fc.Arbitrary<PyValue> = fc.letrec<{ v: PyValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })
  ),
})).v

describe('Function: parsePythonLiteral', () => {
  it('reads what Python’s repr writes (property)', () => {
    fc.assert(
      fc.property(pyValue, (v) => {
        expect(parsePythonLiteral(pythonRepr(v))).toEqual(v)
      })
    )
  })

  it('reads python-magnumclient’s label dicts', () => {
    expect(parsePythonLiteral("{'a': 'b', 'n': 3, 't': True, 'x': None}")).toEqual({
      a: 'b',
      n: 3,
      t: true,
      x: null,
    })
  })

  it('throws only PythonLiteralError on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parsePythonLiteral(s)
        } catch (e) {
          expect(e).toBeInstanceOf(PythonLiteralError)
        }
      })
    )
  })
})
