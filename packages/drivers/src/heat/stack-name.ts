import type { Cluster, NodeGroup } from '@berth/core/clusters/model'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/**
 * Heat's short id, derived from a UUID instead of a random one so that rendering twice (a
 * retried step) names the same stack: 60 bits of the UUID in lowercase base32, 12 characters.
 */
export const shortId = (uuid: string): string => {
  const hex = uuid.replace(/-/g, '').slice(0, 15)
  let bits = BigInt(`0x${hex}`)
  let out = ''
  for (let i = 0; i < 12; i++) {
    out = BASE32[Number(bits & 31n)] + out
    bits >>= 5n
  }
  return out
}

/** Magnum's part of a name: at most `max` characters, lowercase, `_` and `.` turned into `-`. */
const part = (name: string, max: number) =>
  name
    .slice(0, max)
    .toLowerCase()
    .replace(/[_.]/g, '-')
    .replace(/[^a-z0-9-]/g, '-')

/** The cluster's stack: `<name[:30]>-<short id>`, as Magnum names it. */
export const clusterStackName = (cluster: Pick<Cluster, 'name' | 'uuid'>): string =>
  `${part(cluster.name, 30)}-${shortId(cluster.uuid)}`

/** A non-default nodegroup's own stack: the cluster's name, the nodegroup's, and its short id. */
export const nodeGroupStackName = (
  cluster: Pick<Cluster, 'name'>,
  nodegroup: Pick<NodeGroup, 'name' | 'uuid'>
): string => `${part(cluster.name, 30)}-${part(nodegroup.name, 20)}-${shortId(nodegroup.uuid)}`
