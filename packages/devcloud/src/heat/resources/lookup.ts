import { type Actor, owns } from '../../actor'
import type { DevCloud } from '../../context'
import { CloudError } from '../../http'
import { networkVisibleTo } from '../../neutron/visibility'

/** A name-or-id lookup that failed, worded like the client library Heat uses. */
export class LookupError extends CloudError {
  constructor(
    message: string,
    readonly clientType: string
  ) {
    super(404, message, clientType)
  }
}

const byNameOrId = <T extends { id: string; name: string }>(
  items: T[],
  ref: string,
  kind: string
): T => {
  const byId = items.find((i) => i.id === ref)
  if (byId) return byId
  const named = items.filter((i) => i.name === ref)
  if (named.length > 1) {
    throw new LookupError(
      `Multiple ${kind} matches found for name '${ref}', use an ID to be more specific.`,
      'NeutronClientNoUniqueMatch'
    )
  }
  if (!named[0])
    throw new LookupError(`Unable to find ${kind} with name or id '${ref}'`, 'NotFound')
  return named[0]
}

export const findNetwork = (cloud: DevCloud, actor: Actor, ref: string) =>
  byNameOrId(
    cloud.state.data.networks.filter((n) => networkVisibleTo(actor, n)),
    ref,
    'network'
  )

export const findSubnet = (cloud: DevCloud, actor: Actor, ref: string) => {
  const { data } = cloud.state
  const visible = data.subnets.filter((s) => {
    const network = data.networks.find((n) => n.id === s.networkId)
    return owns(actor, s.projectId) || network?.shared === true || network?.external === true
  })
  return byNameOrId(visible, ref, 'subnet')
}

export const findRouter = (cloud: DevCloud, actor: Actor, ref: string) =>
  byNameOrId(
    cloud.state.data.routers.filter((r) => owns(actor, r.projectId)),
    ref,
    'router'
  )

export const findPort = (cloud: DevCloud, actor: Actor, ref: string) =>
  byNameOrId(
    cloud.state.data.ports.filter((p) => owns(actor, p.projectId)),
    ref,
    'port'
  )

export const findImage = (cloud: DevCloud, actor: Actor, ref: string) => {
  const visible = cloud.state.data.images.filter(
    (i) =>
      actor.admin ||
      i.visibility === 'public' ||
      i.visibility === 'community' ||
      i.owner === actor.projectId
  )
  const image = visible.find((i) => i.id === ref) ?? visible.find((i) => i.name === ref)
  if (!image) throw new LookupError(`No images matching {'name': '${ref}'}.`, 'NotFound')
  return image
}

export const findFlavor = (cloud: DevCloud, actor: Actor, ref: string) => {
  const visible = cloud.state.data.flavors.filter(
    (f) => f.isPublic || actor.admin || f.accessProjectIds.includes(actor.projectId)
  )
  const flavor = visible.find((f) => f.id === ref) ?? visible.find((f) => f.name === ref)
  if (!flavor)
    throw new LookupError(`No Flavor matching {'name': '${ref}'}. (HTTP 404)`, 'NotFound')
  return flavor
}

export const findKeypair = (cloud: DevCloud, actor: Actor, ref: string) => {
  const keypair = cloud.state.data.keypairs.find((k) => k.userId === actor.userId && k.name === ref)
  if (!keypair) throw new LookupError(`The Key (${ref}) could not be found.`, 'NotFound')
  return keypair
}

const CONSTRAINTS: Record<string, (cloud: DevCloud, actor: Actor, ref: string) => unknown> = {
  'nova.flavor': findFlavor,
  'glance.image': findImage,
  'nova.keypair': findKeypair,
  'neutron.network': findNetwork,
  'neutron.subnet': findSubnet,
  'neutron.router': findRouter,
  'neutron.port': findPort,
}

/** Heat's custom constraints that look things up in the cloud; unknown ones pass. */
export const customConstraint =
  (cloud: DevCloud, actor: Actor) => (name: string, value: unknown) => {
    const check = CONSTRAINTS[name]
    if (!check || value === '' || value === null) return undefined
    try {
      check(cloud, actor, String(value))
      return undefined
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
  }
