import type { ValidToken } from '../keystone/tokens'
import { isAdmin } from '../keystone/tokens'
import type { Network, Subnet } from './model'

/** Own networks, shared ones, and external ones (Neutron's access_as_external). */
export const canSeeNetwork = (caller: ValidToken, n: Network): boolean =>
  isAdmin(caller) || n.projectId === caller.project?.id || n.shared || n.external

/**
 * Own subnets and subnets of shared networks. A non-shared external network's subnets stay
 * hidden from other projects, as on real Neutron.
 */
export const canSeeSubnet = (
  caller: ValidToken,
  s: Subnet,
  network: Network | undefined
): boolean => isAdmin(caller) || s.projectId === caller.project?.id || network?.shared === true

/** The same rule for a service actor (Heat, Nova or Octavia acting for a project). */
export const networkVisibleTo = (actor: { projectId: string; admin: boolean }, n: Network) =>
  actor.admin || n.projectId === actor.projectId || n.shared || n.external
