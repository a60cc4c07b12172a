import { InvalidError, NotFoundError } from '../errors'
import type { CloudImage, CloudResources } from '../ports/cloud'
import type { DriverCatalog } from '../ports/drivers'
import type { ClusterTemplate } from './model'

/** The template fields that name things in the tenant's cloud. */
export type CloudRefs = Pick<
  ClusterTemplate,
  | 'coe'
  | 'server_type'
  | 'driver'
  | 'image_id'
  | 'flavor_id'
  | 'master_flavor_id'
  | 'keypair_id'
  | 'external_network_id'
  | 'fixed_network'
  | 'fixed_subnet'
>

type Check = () => Promise<void>

/**
 * Checks every cloud reference of a template (Magnum's attr_validator) and returns the image's
 * os_distro, which becomes `cluster_distro`. The look-ups run concurrently; when several fail,
 * the error reported is the first in Magnum's order, so answers do not depend on timing.
 */
export const checkCloudReferences = async (
  t: CloudRefs,
  cloud: CloudResources,
  drivers: DriverCatalog
): Promise<{ clusterDistro: string; image: CloudImage }> => {
  let image: CloudImage | undefined
  const checks: Check[] = [
    async () => {
      image = await cloud.findImage(t.image_id)
      if (!image) throw new InvalidError(`Image ${t.image_id} could not be found.`)
      if (!image.osDistro)
        throw new InvalidError(`Image ${t.image_id} doesn't contain os_distro field.`)
    },
    ...[t.flavor_id, t.master_flavor_id].map((ref) => async () => {
      if (ref !== null && !(await cloud.findFlavor(ref))) {
        throw new InvalidError(`Unable to find flavor ${ref}.`)
      }
    }),
    async () => {
      if (t.keypair_id !== null && !(await cloud.findKeypair(t.keypair_id))) {
        throw new NotFoundError(`Unable to find keypair ${t.keypair_id}.`)
      }
    },
    async () => {
      if (t.external_network_id === null) return
      const net = await cloud.findNetwork(t.external_network_id)
      if (!net?.external)
        throw new InvalidError(`Unable to find external network ${t.external_network_id}.`)
    },
    async () => {
      if (t.fixed_network !== null && !(await cloud.findNetwork(t.fixed_network))) {
        throw new InvalidError(`Unable to find fixed network ${t.fixed_network}.`)
      }
    },
    async () => {
      if (t.fixed_subnet !== null && !(await cloud.findSubnet(t.fixed_subnet))) {
        throw new InvalidError(`Unable to find fixed subnet ${t.fixed_subnet}.`)
      }
    },
  ]
  const results = await Promise.allSettled(checks.map((c) => c()))
  for (const r of results) if (r.status === 'rejected') throw r.reason
  if (!image?.osDistro) throw new InvalidError(`Image ${t.image_id} could not be found.`)
  const key = { serverType: t.server_type, osDistro: image.osDistro, coe: t.coe }
  const driver = drivers.find(key, t.driver ?? image.driver)
  if (!driver) {
    if (t.driver ?? image.driver) {
      throw new InvalidError(
        `Driver ${t.driver ?? image.driver} does not provide cluster type (${key.serverType}, ${key.osDistro}, ${key.coe}).`
      )
    }
    throw new InvalidError(
      `Cluster type (${key.serverType}, ${key.osDistro}, ${key.coe}) not supported.`
    )
  }
  return { clusterDistro: image.osDistro, image }
}
