import { generateName } from '../cluster-templates/names'
import { InvalidError } from '../errors'
import type { Principal } from '../principal'
import type { FederationDeps } from './deps'
import type { FederationInput } from './input'
import { requireCluster } from './lookup'
import { type Federation, RECORD_ONLY_REASON, type StoredFederation } from './model'

/** Magnum's validate_federation_properties: a federation needs a DNS zone. */
export const checkProperties = (properties: Record<string, unknown> | null | undefined): void => {
  if (!properties || !('dns-zone' in properties)) {
    throw new InvalidError("No DNS zone specified. Please specify a 'dns-zone'.")
  }
}

/**
 * POST /v1/federations → 202 {uuid}. Magnum's checks (a host cluster that exists, a dns-zone
 * property); the record is stored CREATE_COMPLETE at once, because there is nothing to deploy.
 */
export const createFederation = async (
  deps: FederationDeps,
  principal: Principal,
  input: FederationInput
): Promise<StoredFederation> => {
  deps.policy.enforce('federation:create', principal, {
    project_id: principal.projectId,
    user_id: principal.userId,
  })
  if (!input.hostcluster_id) {
    throw new InvalidError('No hostcluster specified. Please specify a hostcluster_id.')
  }
  const hostcluster = await requireCluster(deps, principal, input.hostcluster_id)
  checkProperties(input.properties)
  const members: string[] = []
  for (const m of input.member_ids ?? []) {
    const uuid = await requireCluster(deps, principal, m)
    if (!members.includes(uuid)) members.push(uuid)
  }
  const federation: Federation = {
    uuid: deps.newUuid(),
    name: input.name || generateName('cluster').replace(/-cluster$/, '-federation'),
    project_id: principal.projectId,
    hostcluster_id: hostcluster,
    member_ids: members,
    status: 'CREATE_COMPLETE',
    status_reason: RECORD_ONLY_REASON,
    properties: input.properties ?? {},
    created_at: deps.now().toISOString(),
    updated_at: null,
  }
  return deps.federations.create(federation)
}
