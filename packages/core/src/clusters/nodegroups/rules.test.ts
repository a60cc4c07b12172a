import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BerthError } from '../../errors'
import {
  checkNodeCounts,
  checkNodeLabels,
  checkNodeTaints,
  isKubeletRestricted,
  isQualifiedName,
} from './rules'

const outcome = (f: () => void): string | undefined => {
  try {
    f()
    return undefined
  } catch (e) {
    return e instanceof BerthError ? `${e.kind}: ${e.message}` : String(e)
  }
}

describe('checkNodeCounts', () => {
  it('passes iff min ≤ count and (no max, or max 0, or min ≤ max and count ≤ max)', () => {
    const n = fc.integer({ min: 0, max: 6 })
    fc.assert(
      fc.property(n, n, fc.option(n, { nil: null }), (count, min, max) => {
        const ok = min <= count && (!max || (min <= max && count <= max))
        const r = outcome(() =>
          checkNodeCounts({
            name: 'ng',
            node_count: count,
            min_node_count: min,
            max_node_count: max,
          })
        )
        expect(r === undefined).toBe(ok)
        if (r) expect(r).toMatch(/^conflict: (min|max)_node_count for ng is invalid \(/)
      })
    )
  })

  it('words the failure like Magnum', () => {
    expect(
      outcome(() =>
        checkNodeCounts({ name: 'ng', node_count: 1, min_node_count: 3, max_node_count: 2 })
      )
    ).toBe(
      'conflict: max_node_count for ng is invalid (min_node_count (3) should be less or equal to max_node_count (2)).'
    )
  })
})

describe('node labels', () => {
  const namespace = fc.constantFrom(
    'kubernetes.io',
    'k8s.io',
    'node-role.kubernetes.io',
    'foo.k8s.io',
    'node.kubernetes.io',
    'kubelet.kubernetes.io',
    'x.node.kubernetes.io',
    'example.com',
    'kubernetes.io.example.com'
  )
  const name = fc.constantFrom('role', 'gpu', 'hostname', 'zone', 'os')

  it('restrict the kubernetes.io and k8s.io namespaces except the kubelet’s own', () => {
    fc.assert(
      fc.property(namespace, name, (ns, n) => {
        const key = `${ns}/${n}`
        const reserved =
          /(^|\.)(kubernetes\.io|k8s\.io)$/.test(ns) &&
          !/(^|\.)(kubelet|node)\.kubernetes\.io$/.test(ns) &&
          !['kubernetes.io/hostname', 'kubernetes.io/os'].includes(key)
        expect(isKubeletRestricted(key)).toBe(reserved)
        expect(outcome(() => checkNodeLabels('ng', { [key]: 'v' })) !== undefined).toBe(reserved)
      })
    )
    expect(isKubeletRestricted('topology.kubernetes.io/zone')).toBe(false)
    expect(isKubeletRestricted('gpu')).toBe(false)
  })

  it('must be qualified names with valid values', () => {
    expect(isQualifiedName('example.com/gpu')).toBe(true)
    expect(isQualifiedName('Example.com/gpu')).toBe(false)
    expect(isQualifiedName('a/b/c')).toBe(false)
    expect(isQualifiedName('-bad')).toBe(false)
    expect(outcome(() => checkNodeLabels('ng', { gpu: 'bad value' }))).toBe(
      "invalid: node_labels for ng is invalid (invalid label value 'bad value')."
    )
    expect(outcome(() => checkNodeLabels('ng', { gpu: '' }))).toBeUndefined()
  })
})

describe('node taints', () => {
  it('are refused on master nodegroups and checked for key, value and duplicates', () => {
    const t = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const }
    expect(outcome(() => checkNodeTaints({ name: 'm', role: 'master' }, [t]))).toBe(
      'invalid: node_taints for m is invalid (taints are not supported on master nodegroups).'
    )
    expect(outcome(() => checkNodeTaints({ name: 'm', role: 'master' }, []))).toBeUndefined()
    expect(outcome(() => checkNodeTaints({ name: 'w', role: 'worker' }, [t]))).toBeUndefined()
    expect(outcome(() => checkNodeTaints({ name: 'w', role: 'worker' }, [t, t]))).toMatch(
      /duplicate/
    )
    expect(
      outcome(() => checkNodeTaints({ name: 'w', role: 'worker' }, [{ ...t, key: 'a b' }]))
    ).toMatch(/invalid taint key/)
  })
})
