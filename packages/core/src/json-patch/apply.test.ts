import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidError } from '../errors'
import { applyPatch, changedAttributes, type PatchRules } from './apply'
import { pythonRepr } from './python-literal'

const rules: PatchRules = {
  internal: ['/uuid', '/project_id'],
  mandatory: ['/coe'],
  literalPaths: ['/labels'],
  defaultFor: (a) => (a === 'labels' ? {} : a === 'public' ? false : null),
}

const doc = () => ({
  uuid: 'u-1',
  project_id: 'p',
  coe: 'kubernetes',
  name: 'one',
  keypair_id: null as string | null,
  public: true,
  labels: { kube_tag: 'v1.28.9' } as Record<string, string>,
})

describe('Function: applyPatch', () => {
  it('replaces, adds to null attributes and removes to defaults', () => {
    const out = applyPatch(
      doc(),
      [
        { op: 'replace', path: '/name', value: 'two' },
        { op: 'add', path: '/keypair_id', value: 'k' },
        { op: 'remove', path: '/public' },
        { op: 'add', path: '/labels/foo', value: 'bar' },
        { op: 'remove', path: '/labels/kube_tag' },
      ],
      rules
    )
    expect(out).toMatchObject({
      name: 'two',
      keypair_id: 'k',
      public: false,
      labels: { foo: 'bar' },
    })
  })

  it('never modifies its input', () => {
    const d = doc()
    applyPatch(d, [{ op: 'replace', path: '/labels/kube_tag', value: 'x' }], rules)
    expect(d).toEqual(doc())
  })

  it.each([
    [
      { op: 'replace', path: '/uuid', value: 'x' },
      "'/uuid' is an internal attribute and can not be updated",
    ],
    [{ op: 'remove', path: '/project_id' }, "'/project_id' is an internal attribute"],
    [{ op: 'remove', path: '/coe' }, "'/coe' is a mandatory attribute and can not be removed"],
    [{ op: 'replace', path: '/name' }, "'add' and 'replace' operations need value"],
    [{ op: 'add', path: '/colour', value: 'x' }, 'Adding a new attribute /colour to the root'],
    [
      { op: 'add', path: '/name', value: 'x' },
      "The attribute /name has existed, please use 'replace'",
    ],
    [
      { op: 'replace', path: '/labels/none', value: 'x' },
      "can't replace non-existent object 'none'",
    ],
    [{ op: 'replace', path: '/labels', value: '{broken' }, "Couldn't apply patch"],
  ] as const)('rejects %j', (op, message) => {
    expect(() => applyPatch(doc(), [op], rules)).toThrow(InvalidError)
    expect(() => applyPatch(doc(), [op], rules)).toThrow(message)
  })

  it('evaluates the Python repr python-magnumclient sends for /labels', () => {
    const out = applyPatch(
      doc(),
      [{ op: 'replace', path: '/labels', value: "{'kube_tag': 'v1.30.1', 'quote': \"it's\"}" }],
      rules
    )
    expect(out.labels).toEqual({ kube_tag: 'v1.30.1', quote: "it's" })
  })

  it('a replace of any root attribute reads back the value (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('name', 'keypair_id', 'public', 'coe'),
        fc.oneof(fc.string(), fc.integer(), fc.boolean()),
        (attr, value) => {
          const out = applyPatch(doc(), [{ op: 'replace', path: `/${attr}`, value }], rules)
          expect(out[attr as keyof typeof out]).toEqual(value)
          expect(changedAttributes(doc(), out).every((a) => a === attr)).toBe(true)
        }
      )
    )
  })

  it('labels round-trip through Python repr (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (labels) => {
        const out = applyPatch(
          doc(),
          [{ op: 'replace', path: '/labels', value: pythonRepr(labels) }],
          rules
        )
        expect(out.labels).toEqual(labels)
      })
    )
  })
})

describe('Function: applyPatch (prototype safety)', () => {
  it('treats a __proto__ label as an ordinary key', () => {
    const out = applyPatch(doc(), [{ op: 'add', path: '/labels/__proto__', value: 'x' }], rules)
    const labels = out.labels as Record<string, unknown>
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype)
    expect(Object.hasOwn(labels, '__proto__')).toBe(true)
  })
})
