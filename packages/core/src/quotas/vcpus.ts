import type { NodeGroup } from '../clusters/model'
import type { CloudResources } from '../ports/cloud'

/**
 * The flavor a node without one boots with: every driver's stacks default to it, so a cluster
 * naming no flavor is counted as these nodes, not as free.
 */
export const DEFAULT_NODE_FLAVOR = 'm1.small'

/**
 * The nodegroups with `vcpus_per_node` from their flavors (one look-up per distinct flavor).
 * A flavor the cloud does not show is not counted; the create's own checks refuse explicit
 * flavors that do not exist before this runs.
 */
export const withFlavorVcpus = async <N extends Pick<NodeGroup, 'flavor_id'>>(
  cloud: Pick<CloudResources, 'findFlavor'>,
  nodegroups: readonly N[]
): Promise<(N & { vcpus_per_node?: number })[]> => {
  const refs = [...new Set(nodegroups.map((n) => n.flavor_id ?? DEFAULT_NODE_FLAVOR))]
  const found = await Promise.all(refs.map((ref) => cloud.findFlavor(ref)))
  const vcpus = new Map(refs.map((ref, i) => [ref, found[i]?.vcpus]))
  return nodegroups.map((n) => {
    const v = vcpus.get(n.flavor_id ?? DEFAULT_NODE_FLAVOR)
    return v === undefined ? { ...n } : { ...n, vcpus_per_node: v }
  })
}

/** vCPUs nodegroups hold: nodes × vCPUs per node, where known. */
export const vcpusOfNodeGroups = (
  nodegroups: readonly Pick<NodeGroup, 'node_count' | 'vcpus_per_node'>[]
): number => nodegroups.reduce((sum, n) => sum + n.node_count * (n.vcpus_per_node ?? 0), 0)
