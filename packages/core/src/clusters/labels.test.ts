import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { labelsDiff, mergeLabels } from './labels'

const labels = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd', '__proto__'),
  fc.constantFrom('1', '2')
)

describe('mergeLabels', () => {
  it('follows Magnum: none or empty ⇒ parent’s; merge ⇒ overlay; else exactly the given', () => {
    expect(mergeLabels({ a: '1' }, undefined, true)).toEqual({ a: '1' })
    expect(mergeLabels({ a: '1' }, {}, false)).toEqual({ a: '1' })
    expect(mergeLabels({ a: '1', b: '2' }, { b: '3' }, true)).toEqual({ a: '1', b: '3' })
    expect(mergeLabels({ a: '1', b: '2' }, { b: '3' }, false)).toEqual({ b: '3' })
  })
})

describe('labelsDiff', () => {
  it('partitions every key of either side exactly once and shows the parent’s value when overridden', () => {
    fc.assert(
      fc.property(labels, labels, (parent, child) => {
        const d = labelsDiff(parent, child)
        for (const [k, v] of Object.entries(d.labels_skipped)) {
          expect(Object.hasOwn(child, k)).toBe(false)
          expect(v).toBe(parent[k])
        }
        for (const [k, v] of Object.entries(d.labels_added)) {
          expect(Object.hasOwn(parent, k)).toBe(false)
          expect(v).toBe(child[k])
        }
        for (const [k, v] of Object.entries(d.labels_overridden)) {
          expect(v).toBe(parent[k])
          expect(child[k]).not.toBe(parent[k])
        }
        const same = Object.keys(child).filter(
          (k) => Object.hasOwn(parent, k) && parent[k] === child[k]
        )
        const counted =
          Object.keys(d.labels_added).length + Object.keys(d.labels_overridden).length + same.length
        expect(counted).toBe(Object.keys(child).length)
      })
    )
  })

  it('is empty on both sides for a child merged from its parent with nothing given', () => {
    fc.assert(
      fc.property(labels, (parent) => {
        const d = labelsDiff(parent, mergeLabels(parent, {}, false))
        expect(d).toEqual({ labels_overridden: {}, labels_added: {}, labels_skipped: {} })
      })
    )
  })
})
