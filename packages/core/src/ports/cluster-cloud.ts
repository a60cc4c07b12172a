import type { StackPort } from './stacks'

/**
 * Port: the tenant's cloud as a workflow sees it, opened with the cluster's own credential
 * (never the user's token). One real adapter in @berth/openstack.
 */
export interface LoadBalancerRef {
  id: string
  name: string
  description: string
  provisioningStatus: string
  floatingIpId: string | null
}

export interface ClusterCloud {
  stacks: StackPort
  /** Octavia, when the catalog has it; absent clouds have none to clean. */
  loadBalancers?: {
    /** Load balancers whose description matches (the in-cluster cloud provider's convention). */
    listByDescription(pattern: RegExp): Promise<LoadBalancerRef[]>
    /** Cascade delete; gone already counts as deleted. */
    delete(id: string): Promise<void>
  }
  floatingIps: {
    /** Floating IPs Berth or the cluster's cloud provider created for this cluster. */
    listForCluster(clusterUuid: string): Promise<{ id: string; address: string }[]>
    delete(id: string): Promise<void>
  }
  /**
   * Neutron ports and security groups made for this cluster outside Heat (the adapter's
   * convention: the description names the cluster's UUID, or a `berth-cluster-<uuid>` tag).
   * Security groups stay in use until the stack's ports go: delete them after the stack.
   * Optional so that fakes need not have them; the OpenStack adapter always does.
   */
  ports?: ClusterLeftovers
  securityGroups?: ClusterLeftovers
  /** Keystone's URL and the region, for rendering the in-cluster cloud config. */
  authUrl: string
  region: string | undefined
}

/** Resources of one kind that cleanup lists for a cluster and deletes (gone counts as deleted). */
export interface ClusterLeftovers {
  listForCluster(clusterUuid: string): Promise<{ id: string; name: string }[]>
  delete(id: string): Promise<void>
}

export interface ClusterCloudCredentials {
  applicationCredentialId: string
  applicationCredentialSecret: string
  /**
   * A Keystone trust from the cluster's owner to Berth's service account. When set, Heat is
   * reached through it: Keystones with the fix for LP#2150089 refuse trusts, and so Heat
   * stacks, to application-credential tokens. Everything else still uses the credential.
   */
  trustId?: string
}

export interface ClusterCloudFactory {
  open(credentials: ClusterCloudCredentials): Promise<ClusterCloud>
}

/** Creating and removing the per-cluster credential: done with the requester's token at create. */
export interface CredentialIssuer {
  /** Creates an application credential for the caller's project, restricted to its roles. */
  issue(
    userToken: string,
    name: string,
    description: string
  ): Promise<{ id: string; name: string; userId: string; secret: string; trustId?: string }>
  /**
   * Removes it, and the trust if one was issued with it (Berth's service account or the
   * owner); gone counts as removed.
   */
  revoke(userId: string, credentialId: string, trustId?: string): Promise<void>
}
