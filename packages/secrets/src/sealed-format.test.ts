import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SecretBoxError } from './errors'
import { canonicalContext, decodeSealed, openWithKey, sealWithKey } from './sealed-format'

const key = randomBytes(32)
const context = fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 24 }), {
  maxKeys: 4,
})
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

describe('Function: sealWithKey / openWithKey', () => {
  it('round-trips any text under any context', () => {
    fc.assert(
      fc.property(fc.string(), context, (plaintext, ctx) => {
        const sealed = sealWithKey(key, 'local', 'kid', plaintext, ctx)
        expect(openWithKey(key, decodeSealed(sealed, 'local'), ctx)).toBe(plaintext)
      })
    )
  })

  it('never opens a sealed text with any one character changed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        context,
        fc.nat(),
        fc.constantFrom(...B64URL),
        (plaintext, ctx, at, replacement) => {
          const sealed = sealWithKey(key, 'local', 'kid', plaintext, ctx)
          const i = at % sealed.length
          fc.pre(sealed[i] !== replacement && sealed[i] !== ':')
          const changed = sealed.slice(0, i) + replacement + sealed.slice(i + 1)
          expect(() => openWithKey(key, decodeSealed(changed, 'local'), ctx)).toThrow(
            SecretBoxError
          )
        }
      )
    )
  })

  it('never opens under a different context', () => {
    fc.assert(
      fc.property(context, context, (a, b) => {
        fc.pre(canonicalContext(a) !== canonicalContext(b))
        const sealed = sealWithKey(key, 'local', 'kid', 'secret', a)
        expect(() => openWithKey(key, decodeSealed(sealed, 'local'), b)).toThrow(SecretBoxError)
      })
    )
  })
})

describe('Function: canonicalContext', () => {
  it('ignores key order and tells apart contexts that concatenate alike', () => {
    expect(canonicalContext({ a: '1', b: '2' })).toBe(canonicalContext({ b: '2', a: '1' }))
    expect(canonicalContext({ ab: 'c' })).not.toBe(canonicalContext({ a: 'bc' }))
  })
})
