import type { Principal } from '../principal'

/**
 * Port: the tenant's OpenStack resources a cluster template or cluster refers to. Look-ups take
 * a name or an id, as Magnum does; `undefined` means "not there or not visible to the caller".
 * A name that matches more than one resource throws ConflictError (Magnum's 409).
 * One real adapter: @berth/openstack.
 */
export interface CloudImage {
  id: string
  name: string
  /** Glance property `os_distro`; absent ⇒ Magnum's OSDistroFieldNotFound. */
  osDistro: string | undefined
  /** Glance property `magnum_driver`: an explicit driver choice. */
  driver: string | undefined
  visibility: string
}

export interface CloudFlavor {
  id: string
  name: string
  vcpus: number
  ramMb: number
  diskGb: number
}

export interface CloudKeypair {
  name: string
  fingerprint: string
}

export interface CloudNetwork {
  id: string
  name: string
  external: boolean
  subnetIds: string[]
}

export interface CloudSubnet {
  id: string
  name: string
  networkId: string
  cidr: string
}

export interface CloudResources {
  findImage(ref: string): Promise<CloudImage | undefined>
  findFlavor(ref: string): Promise<CloudFlavor | undefined>
  findKeypair(name: string): Promise<CloudKeypair | undefined>
  findNetwork(ref: string): Promise<CloudNetwork | undefined>
  findSubnet(ref: string): Promise<CloudSubnet | undefined>
}

/** Opens the cloud as the caller: with their Keystone token, or Berth's own account for OIDC callers. */
export interface CloudResourcesFactory {
  forPrincipal(principal: Principal): Promise<CloudResources>
}
