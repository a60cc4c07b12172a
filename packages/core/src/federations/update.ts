import * as z from 'zod/mini'
import { ConcurrentUpdateError, ConflictError, InvalidError, NotFoundError } from '../errors'
import { applyPatch, changedAttributes, type JsonPatch, type PatchRules } from '../json-patch'
import type { Principal } from '../principal'
import { checkProperties } from './create'
import type { FederationDeps } from './deps'
import { federationTarget, findFederation, requireCluster } from './lookup'
import { FederationSchema, RECORD_ONLY_REASON, type StoredFederation } from './model'

const RULES: PatchRules = {
  internal: ['/created_at', '/id', '/links', '/updated_at', '/uuid', '/project_id', '/user_id'],
  mandatory: ['/hostcluster_id', '/properties'],
  literalPaths: ['/properties'],
  defaultFor: (attr) => (attr === 'member_ids' ? [] : attr === 'properties' ? {} : null),
}

/** Only these may change: Magnum patches members (join/unjoin) and properties. */
const UPDATABLE = new Set(['member_ids', 'properties'])

const document = (f: StoredFederation): Record<string, unknown> => ({
  uuid: f.uuid,
  name: f.name,
  project_id: f.project_id,
  hostcluster_id: f.hostcluster_id,
  member_ids: f.member_ids,
  status: f.status,
  status_reason: f.status_reason,
  properties: f.properties,
  created_at: f.created_at,
  updated_at: f.updated_at,
})

/**
 * Magnum intercepts `add /member_ids <uuid>` (join) and `remove /member_ids <uuid>` (unjoin),
 * since plain JSON-Patch cannot append to a list; both become a replace of the whole list.
 */
const joinOrUnjoin = async (
  deps: FederationDeps,
  principal: Principal,
  f: StoredFederation,
  patch: JsonPatch
): Promise<JsonPatch> => {
  const [first] = patch
  if (first?.path !== '/member_ids' || typeof first.value !== 'string') return patch
  if (first.op === 'add') {
    const uuid = await requireCluster(deps, principal, first.value)
    if (f.member_ids.includes(uuid)) {
      throw new ConflictError(`Cluster ${uuid} is already a member of federation ${f.name}.`)
    }
    return [{ op: 'replace', path: '/member_ids', value: [...f.member_ids, uuid] }]
  }
  if (first.op === 'remove') {
    const uuid = first.value.toLowerCase()
    if (!f.member_ids.includes(uuid)) {
      throw new NotFoundError(`Cluster ${first.value} is not a member of federation ${f.name}.`)
    }
    return [{ op: 'replace', path: '/member_ids', value: f.member_ids.filter((m) => m !== uuid) }]
  }
  return patch
}

const attempt = async (
  deps: FederationDeps,
  principal: Principal,
  ident: string,
  patch: JsonPatch
): Promise<StoredFederation> => {
  const f = await findFederation(deps, principal, ident)
  deps.policy.enforce('federation:update', principal, federationTarget(f))
  const effective = await joinOrUnjoin(deps, principal, f, patch)
  const before = document(f)
  const after = applyPatch(before, effective, RULES)
  const changed = changedAttributes(before, after)
  const refused = changed.find((a) => !UPDATABLE.has(a))
  if (refused) throw new InvalidError(`Updating ${refused} of a federation is not supported.`)
  const parsed = z.pick(FederationSchema, { member_ids: true, properties: true }).safeParse(after)
  if (!parsed.success) throw new InvalidError(`Invalid federation: ${parsed.error.message}`)
  checkProperties(parsed.data.properties)
  if (changed.includes('member_ids') && effective === patch) {
    // A list replaced wholesale must still name clusters the caller can see.
    for (const m of parsed.data.member_ids) await requireCluster(deps, principal, m)
  }
  return deps.federations.update({
    ...f,
    ...parsed.data,
    status: 'UPDATE_COMPLETE',
    status_reason: RECORD_ONLY_REASON,
    updated_at: deps.now().toISOString(),
  })
}

/** PATCH /v1/federations/{ident} → 202 {uuid}: join, unjoin, properties. */
export const updateFederation = async (
  deps: FederationDeps,
  principal: Principal,
  ident: string,
  patch: JsonPatch
): Promise<StoredFederation> => {
  for (let i = 0; ; i++) {
    try {
      return await attempt(deps, principal, ident, patch)
    } catch (e) {
      if (!(e instanceof ConcurrentUpdateError) || i >= 4) throw e
    }
  }
}

/** DELETE /v1/federations/{ident} → 204: the record goes (there is nothing else to tear down). */
export const deleteFederation = async (
  deps: FederationDeps,
  principal: Principal,
  ident: string
): Promise<void> => {
  const f = await findFederation(deps, principal, ident)
  deps.policy.enforce('federation:delete', principal, federationTarget(f))
  await deps.federations.delete(f)
}
