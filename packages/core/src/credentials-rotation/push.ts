import type { Cluster } from '../clusters/model'
import type {
  ClusterCloud,
  ClusterCloudCredentials,
  CredentialIssuer,
} from '../ports/cluster-cloud'
import type { StackState, StackUpdate } from '../ports/stacks'

/** A re-minted credential's name suffix: unique, and sorting by when it was made. */
export const remintSuffix = (deps: { now: () => Date }): string =>
  `r${deps.now().getTime().toString(36)}`

/** Marks a cluster-update operation as a credential push rather than a resize. */
export const CREDENTIAL_ROTATION_PARAM = 'credential_rotation'

export const isCredentialRotation = (params: Record<string, unknown>): boolean =>
  params[CREDENTIAL_ROTATION_PARAM] === true

/**
 * The stack parameters every Berth driver passes the cluster's credential in (the drivers'
 * common parameters): the in-cluster cloud provider and booting nodes read them.
 */
export const CREDENTIAL_PARAMETERS = {
  id: 'application_credential_id',
  secret: 'application_credential_secret',
} as const

/**
 * The update that hands a stack the new credential, keeping its template and every other
 * parameter; undefined when the stack has no such parameter (nothing there holds it).
 */
export const credentialUpdate = (
  stack: Pick<StackState, 'parameters'>,
  credentials: ClusterCloudCredentials
): StackUpdate | undefined => {
  if (!(CREDENTIAL_PARAMETERS.id in stack.parameters)) return undefined
  return {
    parameters: {
      [CREDENTIAL_PARAMETERS.id]: credentials.applicationCredentialId,
      [CREDENTIAL_PARAMETERS.secret]: credentials.applicationCredentialSecret,
    },
    disableRollback: true,
  }
}

/**
 * Sends the credential to every stack of the cluster that holds one and returns the ids of
 * those updated: the stacks the rotation then waits for. A stack Heat no longer knows is
 * skipped. Heat replaces servers whose boot data changed batch by batch (the drivers'
 * rolling_update policies), so the cluster keeps serving meanwhile.
 */
export const pushCredential = async (
  cloud: Pick<ClusterCloud, 'stacks'>,
  stackIds: readonly string[],
  credentials: ClusterCloudCredentials
): Promise<string[]> => {
  const updated: string[] = []
  for (const id of stackIds) {
    const stack = await cloud.stacks.get(id)
    const update = stack ? credentialUpdate(stack, credentials) : undefined
    if (!update) continue
    await cloud.stacks.update(id, update)
    updated.push(id)
  }
  return updated
}

/**
 * Revokes the credential a rotation replaced, once the cluster no longer needs it; what is
 * already gone counts as revoked. Errors propagate so a workflow step retries.
 */
export const retirePreviousCredential = async <C extends Pick<Cluster, 'previous_credential'>>(
  credentials: Pick<CredentialIssuer, 'revoke'>,
  cluster: C
): Promise<C> => {
  const old = cluster.previous_credential
  if (!old) return cluster
  await credentials.revoke(old.user_id, old.id, old.trust_id ?? undefined)
  return { ...cluster, previous_credential: null }
}

/** Where a rotation's update step records the stacks it updated, for the poll to wait on. */
export const CREDENTIAL_STACKS_PARAM = 'credential_stacks'

export const credentialStacksOf = (params: Record<string, unknown>): string[] => {
  const ids = params[CREDENTIAL_STACKS_PARAM]
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}
