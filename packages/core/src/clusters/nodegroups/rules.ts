import { ConflictError, InvalidError } from '../../errors'
import type { NodeTaint } from '../model'

interface Counts {
  name: string
  node_count: number
  min_node_count: number
  max_node_count: number | null
}

const invalidInput = (attr: string, ng: string, why: string) =>
  new ConflictError(`${attr} for ${ng} is invalid (${why}).`)

/**
 * Magnum's NodeGroupInvalidInput (409): min ≤ node_count ≤ max. A max_node_count of 0 means
 * "no maximum", as in Magnum.
 */
export const checkNodeCounts = (ng: Counts): void => {
  const { min_node_count: min, max_node_count: max, node_count: count } = ng
  if (max) {
    if (max < min) {
      throw invalidInput(
        'max_node_count',
        ng.name,
        `min_node_count (${min}) should be less or equal to max_node_count (${max})`
      )
    }
    if (count > max) {
      throw invalidInput(
        'max_node_count',
        ng.name,
        `node_count (${count}) should be less or equal to max_node_count (${max})`
      )
    }
  }
  if (min > count) {
    throw invalidInput(
      'min_node_count',
      ng.name,
      `min_node_count (${min}) should be less or equal to node_count (${count})`
    )
  }
}

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/

const namespaceOf = (key: string): string => (key.includes('/') ? (key.split('/')[0] ?? '') : '')

/** A Kubernetes qualified name: `[prefix/]name`, prefix a DNS subdomain. */
export const isQualifiedName = (key: string): boolean => {
  const parts = key.split('/')
  if (parts.length > 2) return false
  const [prefix, name] = parts.length === 2 ? parts : ['', parts[0]]
  if (parts.length === 2 && (!prefix || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return false
  }
  return name !== undefined && NAME.test(name)
}

export const isLabelValue = (v: string): boolean => v === '' || NAME.test(v)

/** Labels a kubelet may set on its own Node although they are in the kubernetes.io namespaces. */
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
])
const KUBELET_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io']
const within = (ns: string, parent: string) => ns === parent || ns.endsWith(`.${parent}`)

/**
 * Whether the NodeRestriction admission plugin would refuse a kubelet setting this label: the
 * kubernetes.io and k8s.io namespaces are reserved, except the kubelet's own labels.
 */
export const isKubeletRestricted = (key: string): boolean => {
  const ns = namespaceOf(key)
  if (!within(ns, 'kubernetes.io') && !within(ns, 'k8s.io')) return false
  if (KUBELET_LABELS.has(key)) return false
  return !KUBELET_NAMESPACES.some((allowed) => within(ns, allowed))
}

const invalid = (attr: string, ng: string, why: string) =>
  new InvalidError(`${attr} for ${ng} is invalid (${why}).`)

/** µ1.14 node_labels: what kubelets register their Node with. */
export const checkNodeLabels = (ng: string, labels: Record<string, string> | null): void => {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isQualifiedName(key)) throw invalid('node_labels', ng, `invalid label key '${key}'`)
    if (!isLabelValue(value)) throw invalid('node_labels', ng, `invalid label value '${value}'`)
    if (isKubeletRestricted(key)) {
      throw invalid(
        'node_labels',
        ng,
        `kubelets may not set label '${key}': the kubernetes.io and k8s.io namespaces are restricted`
      )
    }
  }
}

/** µ1.14 node_taints; master nodegroups keep the control plane's own taints only. */
export const checkNodeTaints = (
  ng: { name: string; role: string },
  taints: readonly NodeTaint[] | null
): void => {
  if (!taints || taints.length === 0) return
  if (ng.role === 'master') {
    throw invalid('node_taints', ng.name, 'taints are not supported on master nodegroups')
  }
  const seen = new Set<string>()
  for (const t of taints) {
    if (!isQualifiedName(t.key))
      throw invalid('node_taints', ng.name, `invalid taint key '${t.key}'`)
    if (t.value !== undefined && !isLabelValue(t.value)) {
      throw invalid('node_taints', ng.name, `invalid taint value '${t.value}'`)
    }
    const id = `${t.key}:${t.effect}`
    if (seen.has(id)) throw invalid('node_taints', ng.name, `duplicate taint ${id}`)
    seen.add(id)
  }
}
