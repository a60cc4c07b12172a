import { ConflictError, InvalidError } from '../../errors'
import type { Principal } from '../../principal'
import { withFlavorVcpus } from '../../quotas/vcpus'
import type { ClusterDeps } from '../deps'
import { assertCanStart } from '../gates'
import { mergeLabels } from '../labels'
import { findCluster, scopeOf, targetOf } from '../lookup'
import type { NodeGroup } from '../model'
import { launch, newOperation, withSaved } from '../operation'
import { retryOnRace } from '../retry'
import { ClusterStatus, NODEGROUP_OPERABLE_STATUSES } from '../status'
import type { NodeGroupInput } from './input'
import type { NodeGroupView } from './read'
import { checkNodeCounts, checkNodeLabels, checkNodeTaints } from './rules'

const attempt = async (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  input: NodeGroupInput
): Promise<NodeGroupView> => {
  const scope = scopeOf(deps.policy, principal, 'nodegroup:create_all_projects')
  const a = await findCluster(deps.clusters, scope, clusterIdent)
  deps.policy.enforce('nodegroup:create', principal, targetOf(a))
  const c = a.cluster
  // Non-default nodegroups join through the cluster's API: it must exist first.
  if (!c.api_address) throw new ConflictError('Cluster API address is not available yet')
  if (a.nodegroups.some((n) => n.name === input.name)) {
    throw new ConflictError(
      `A node group with name ${input.name} already exists in the cluster ${c.name}.`
    )
  }
  const counts = {
    name: input.name,
    node_count: input.node_count ?? 1,
    min_node_count: input.min_node_count ?? 0,
    max_node_count: input.max_node_count ?? null,
  }
  checkNodeCounts(counts)
  const role = input.role ?? 'worker'
  if (role.trim().toLowerCase() === 'master') {
    throw new InvalidError('Creating master nodegroups is currently not supported.')
  }
  const nodeLabels = input.node_labels ?? null
  const nodeTaints = input.node_taints ?? null
  checkNodeLabels(input.name, nodeLabels)
  checkNodeTaints({ name: input.name, role }, nodeTaints)
  assertCanStart('nodegroup-create', c)

  const imageId =
    input.image_id ??
    (
      await deps.templates.getByUuid(
        { projectId: c.cluster_template_project_id, allProjects: true },
        c.cluster_template_id
      )
    )?.image_id
  if (!imageId)
    throw new InvalidError(`ClusterTemplate ${c.cluster_template_id} could not be found.`)
  const now = deps.now().toISOString()
  const nodegroup: NodeGroup = {
    ...counts,
    uuid: deps.newUuid(),
    cluster_id: c.uuid,
    project_id: c.project_id,
    role,
    flavor_id: input.flavor_id ?? c.flavor_id,
    image_id: imageId,
    docker_volume_size: input.docker_volume_size ?? null,
    labels: mergeLabels(c.labels, input.labels, input.merge_labels ?? false),
    node_labels: nodeLabels,
    node_taints: nodeTaints,
    is_default: false,
    stack_id: null,
    status: ClusterStatus.CreateInProgress,
    status_reason: null,
    version: null,
    node_addresses: [],
    created_at: now,
    updated_at: null,
  }
  // Its nodes' vCPUs are counted in the project's usage from now on (the VCPU quota).
  const [counted = nodegroup] = await withFlavorVcpus(await deps.cloud.forPrincipal(principal), [
    nodegroup,
  ])
  const operation = newOperation(deps, c.uuid, {
    kind: 'nodegroup-create',
    nodegroupUuid: nodegroup.uuid,
  })
  const saved = await deps.clusters.save(
    {
      ...c,
      status: ClusterStatus.UpdateInProgress,
      status_reason: null,
      operation,
      updated_at: now,
    },
    [{ ...counted, record_version: 0 }],
    [...NODEGROUP_OPERABLE_STATUSES]
  )
  const aggregate = await launch(deps, withSaved(a, saved))
  const stored = aggregate.nodegroups.find((n) => n.uuid === nodegroup.uuid)
  return { aggregate, nodegroup: stored ?? { ...nodegroup, record_version: 1 } }
}

/**
 * POST /v1/clusters/{ident}/nodegroups (µ1.9): 202 with the new nodegroup, CREATE_IN_PROGRESS;
 * the cluster goes UPDATE_IN_PROGRESS while the nodegroup's own stack is created.
 */
export const createNodeGroup = (
  deps: ClusterDeps,
  principal: Principal,
  clusterIdent: string,
  input: NodeGroupInput
): Promise<NodeGroupView> => retryOnRace(() => attempt(deps, principal, clusterIdent, input))
