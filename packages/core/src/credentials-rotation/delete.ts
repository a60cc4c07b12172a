import { issueCredential, revokeQuietly } from '../clusters/credential'
import type { ClusterDeps } from '../clusters/deps'
import type { Cluster } from '../clusters/model'
import type { Principal } from '../principal'
import { remintSuffix } from './push'

/**
 * The credentials a delete should run with. When the caller is a member of the cluster's
 * project but not the credential's owner, a fresh credential is minted with their token: the
 * owner may have left the project, and Keystone removes a user's application credentials on a
 * project when their role there goes, which would leave nothing able to tear the cluster down.
 * The old one stays as `previous_credential` for the delete workflow to revoke (Berth's
 * service account may revoke anyone's). If minting fails, the delete goes on as it was.
 */
export const credentialsForDelete = async (
  deps: ClusterDeps,
  principal: Principal,
  cluster: Cluster
): Promise<Pick<Cluster, 'credential' | 'previous_credential'>> => {
  const current = cluster.credential
  const unchanged = {
    credential: current,
    previous_credential: cluster.previous_credential ?? null,
  }
  if (!current || !principal.token) return unchanged
  if (principal.projectId !== cluster.project_id || principal.userId === current.user_id) {
    return unchanged
  }
  let fresh: Awaited<ReturnType<typeof issueCredential>>
  try {
    fresh = await issueCredential(deps, principal, cluster, remintSuffix(deps))
  } catch (e) {
    deps.warn?.('could not mint a credential for the delete; using the cluster’s own', {
      cluster: cluster.uuid,
      error: e instanceof Error ? e.message : String(e),
    })
    return unchanged
  }
  if (!cluster.previous_credential) return { credential: fresh, previous_credential: current }
  // One is already set aside (a rotation's): the workflow revokes that one, this one goes now.
  await revokeQuietly(
    deps,
    current.user_id,
    current.id,
    cluster.uuid,
    current.trust_id ?? undefined
  )
  return { credential: fresh, previous_credential: cluster.previous_credential }
}
