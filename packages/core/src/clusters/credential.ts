import { DependencyError, ForbiddenError, isBerthError } from '../errors'
import type { Principal } from '../principal'
import type { ClusterDeps } from './deps'
import type { ClusterCredential } from './model'

export const credentialName = (clusterUuid: string): string => `berth-cluster-${clusterUuid}`

/**
 * Issues the cluster's own application credential with the caller's Keystone token (the only
 * moment Berth holds that token) and seals its secret to the cluster. Workflows use it from
 * then on; the delete workflow revokes it.
 */
export const issueCredential = async (
  deps: ClusterDeps,
  principal: Principal,
  cluster: { uuid: string; name: string },
  /**
   * Tells a re-minted credential's name apart: Keystone names are unique per user, and the
   * credential being replaced must live on until its successor is in place.
   */
  nameSuffix?: string
): Promise<ClusterCredential> => {
  if (!principal.token) {
    throw new ForbiddenError(
      "Creating a cluster needs a Keystone token: the cluster's application credential is issued with it."
    )
  }
  let issued: Awaited<ReturnType<ClusterDeps['credentials']['issue']>>
  try {
    issued = await deps.credentials.issue(
      principal.token,
      nameSuffix ? `${credentialName(cluster.uuid)}-${nameSuffix}` : credentialName(cluster.uuid),
      `Berth cluster ${cluster.name} (${cluster.uuid})`
    )
  } catch (e) {
    if (isBerthError(e)) throw e
    throw new DependencyError(
      'keystone',
      `could not create the cluster's application credential: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e }
    )
  }
  try {
    return {
      kind: 'application_credential',
      id: issued.id,
      name: issued.name,
      user_id: issued.userId,
      sealed_secret: await deps.secrets.seal(issued.secret, { cluster: cluster.uuid }),
      trust_id: issued.trustId ?? null,
      created_at: deps.now().toISOString(),
    }
  } catch (e) {
    await revokeQuietly(deps, issued.userId, issued.id, cluster.uuid, issued.trustId)
    throw e
  }
}

/** Removes a credential that no record will ever point to; a failure is only reported. */
export const revokeQuietly = async (
  deps: ClusterDeps,
  userId: string,
  credentialId: string,
  clusterUuid: string,
  trustId?: string
): Promise<void> => {
  try {
    await deps.credentials.revoke(userId, credentialId, trustId)
  } catch (e) {
    deps.warn?.('could not revoke an unused cluster credential', {
      cluster: clusterUuid,
      credential: credentialId,
      error: e instanceof Error ? e.message : String(e),
    })
  }
}
