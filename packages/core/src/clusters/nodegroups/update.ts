import { isDeepStrictEqual } from 'node:util'
import * as z from 'zod/mini'
import { InvalidError } from '../../errors'
import { applyPatch, type JsonPatch, type PatchRules } from '../../json-patch'
import type { Principal } from '../../principal'
import type { ClusterDeps } from '../deps'
import { assertAllowed, assertCanStart } from '../gates'
import { int } from '../input'
import { findCluster, findNodeGroup, scopeOf, targetOf } from '../lookup'
import type { StoredNodeGroup } from '../model'
import { launch, newOperation, withSaved } from '../operation'
import { retryOnRace } from '../retry'
import { ClusterStatus, NODEGROUP_OPERABLE_STATUSES } from '../status'
import { NodeLabelsSchema, NodeTaintsSchema } from './input'
import type { NodeGroupView } from './read'
import { checkNodeCounts, checkNodeLabels, checkNodeTaints } from './rules'

const BASE_INTERNAL = [
  '/created_at',
  '/id',
  '/links',
  '/updated_at',
  '/uuid',
  '/project_id',
  '/user_id',
]
const FIXED = [
  '/name',
  '/cluster_id',
  '/docker_volume_size',
  '/labels',
  '/flavor_id',
  '/image_id',
  '/node_addresses',
  '/node_count',
  '/role',
  '/is_default',
  '/stack_id',
  '/status',
  '/status_reason',
  '/version',
]

/** magnum/api/controllers/v1/nodegroup.py NodeGroupPatchType: only the bounds (and µ1.14 metadata). */
export const nodeGroupPatchRules = (nodeMetadata: boolean): PatchRules => ({
  internal: [...BASE_INTERNAL, ...FIXED, ...(nodeMetadata ? [] : ['/node_labels', '/node_taints'])],
  mandatory: [],
  literalPaths: ['/node_labels'],
  defaultFor: (attr) => (attr === 'min_node_count' ? 0 : null),
})

const Patched = z.object({
  min_node_count: int(0),
  max_node_count: z.nullable(int(0)),
  node_labels: z.nullable(NodeLabelsSchema),
  node_taints: z.nullable(NodeTaintsSchema),
})

const patchDocument = (ng: StoredNodeGroup): Record<string, unknown> => {
  const { record_version: _v, ...doc } = ng
  return doc
}

export interface NodeGroupPatchOptions {
  /** µ1.14: node_labels and node_taints may be patched. */
  nodeMetadata: boolean
}

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  ident: string,
  patch: JsonPatch,
  o: NodeGroupPatchOptions
): Promise<NodeGroupView> => {
  const scope = scopeOf(deps.policy, principal, 'nodegroup:update_all_projects')
  const a = await findCluster(deps.clusters, scope, clusterIdent)
  deps.policy.enforce('nodegroup:update', principal, targetOf(a))
  const ng = findNodeGroup(a, ident)
  const raw = applyPatch(patchDocument(ng), patch, nodeGroupPatchRules(o.nodeMetadata))
  const parsed = Patched.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new InvalidError(
      `Invalid input for field/attribute ${issue?.path.join('.') ?? ''}. ${issue?.message ?? ''}`.trim()
    )
  }
  const now = deps.now().toISOString()
  const next: StoredNodeGroup = { ...ng, ...parsed.data, updated_at: now }
  checkNodeCounts(next)
  const metadataChanged =
    !isDeepStrictEqual(ng.node_labels, next.node_labels) ||
    !isDeepStrictEqual(ng.node_taints, next.node_taints)
  if (!metadataChanged) {
    if (next.min_node_count === ng.min_node_count && next.max_node_count === ng.max_node_count) {
      return { aggregate: a, nodegroup: ng }
    }
    // Bounds are read by resize and the autoscaler; no stack changes, so no workflow.
    const saved = await deps.clusters.save(a.cluster, [next])
    const aggregate = withSaved(a, saved)
    return { aggregate, nodegroup: aggregate.nodegroups.find((n) => n.uuid === ng.uuid) ?? next }
  }
  checkNodeLabels(ng.name, next.node_labels)
  checkNodeTaints(ng, next.node_taints)
  assertCanStart('nodegroup-update', a.cluster)
  assertAllowed('nodegroup-update', ng.status)
  const operation = newOperation(deps, a.cluster.uuid, {
    kind: 'nodegroup-update',
    nodegroupUuid: ng.uuid,
  })
  const saved = await deps.clusters.save(
    {
      ...a.cluster,
      status: ClusterStatus.UpdateInProgress,
      status_reason: null,
      operation,
      updated_at: now,
    },
    [{ ...next, status: ClusterStatus.UpdateInProgress, status_reason: null }],
    [...NODEGROUP_OPERABLE_STATUSES]
  )
  const aggregate = await launch(deps, withSaved(a, saved))
  return { aggregate, nodegroup: aggregate.nodegroups.find((n) => n.uuid === ng.uuid) ?? next }
}

/**
 * PATCH /v1/clusters/{ident}/nodegroups/{ng} (µ1.9): min/max are saved at once; µ1.14 node
 * labels and taints re-render the nodegroup's nodes through a nodegroup-update workflow.
 */
export const updateNodeGroup = (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  ident: string,
  patch: JsonPatch,
  o: NodeGroupPatchOptions
): Promise<NodeGroupView> =>
  retryOnRace(() => attempt(deps, principal, clusterIdent, ident, patch, o))
