import { checkCloudReferences } from '../cluster-templates/cloud-checks'
import { CLUSTER_TEMPLATE } from '../cluster-templates/deps'
import { findTemplate } from '../cluster-templates/lookup'
import type { StoredClusterTemplate } from '../cluster-templates/model'
import { ConflictError, InvalidError, NotFoundError, QuotaExceededError } from '../errors'
import type { Principal } from '../principal'
import { vcpusOfNodeGroups, withFlavorVcpus } from '../quotas/vcpus'
import { issueCredential, revokeQuietly } from './credential'
import type { ClusterDeps, ClusterFlavour } from './deps'
import {
  type ClusterDraft,
  checkDriver,
  checkMasterCount,
  checkVolumeSize,
  defaultNodeGroups,
  draftCluster,
} from './draft'
import { uuidForIdempotencyKey } from './idempotency'
import type { ClusterInput } from './input'
import type { ClusterAggregate } from './model'
import { launch, newOperation } from './operation'

export interface CreateOptions {
  /** µ1.10 allows clusters without workers. */
  allowZeroNodes: boolean
  /** Below µ1.10 Magnum answers an unknown template with 400, not 404. */
  templateMissingIsInvalid: boolean
  /** A client's Idempotency-Key: a retried create answers with the cluster it made. */
  idempotencyKey?: string | undefined
}

export const ZERO_NODES_UNSUPPORTED =
  'Resizing a nodegroup to zero is not supported in the provided microversion.'

const quotaExceeded = (limit: number) =>
  new QuotaExceededError(
    `Resource limit exceeded: You have reached the maximum clusters per project, ${limit}. You may delete a cluster to make room for a new one.`,
    'Cluster'
  )

const nodesExceeded = (limit: number) =>
  new QuotaExceededError(
    `Resource limit exceeded: the project may run at most ${limit} nodes. Delete or shrink a cluster to make room.`,
    'Node'
  )

const vcpusExceeded = (limit: number) =>
  new QuotaExceededError(
    `Resource limit exceeded: the project may run at most ${limit} vCPUs. Delete or shrink a cluster to make room.`,
    'VCPU'
  )

const templateFor = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  o: CreateOptions
): Promise<StoredClusterTemplate> => {
  try {
    return await findTemplate(deps, principal, ident, CLUSTER_TEMPLATE)
  } catch (e) {
    if (e instanceof NotFoundError && o.templateMissingIsInvalid) throw new InvalidError(e.message)
    throw e
  }
}

const checkQuota = async (deps: ClusterDeps, projectId: string, nodes: number) => {
  const [limits, usage] = await Promise.all([
    deps.quotas.limitsFor(projectId),
    deps.clusters.usage(projectId),
  ])
  if (usage.clusters >= limits.maxClusters) throw quotaExceeded(limits.maxClusters)
  if (limits.maxNodes !== undefined && usage.nodes + nodes > limits.maxNodes) {
    throw nodesExceeded(limits.maxNodes)
  }
  return { limits, vcpusInUse: usage.vcpus ?? 0 }
}

/** The cloud references the cluster ends up with: Magnum validates the merged values. */
const checkCloud = async (
  deps: ClusterDeps,
  principal: Principal,
  t: StoredClusterTemplate,
  d: ClusterDraft
) => {
  const cloud = await deps.cloud.forPrincipal(principal)
  await checkCloudReferences(
    {
      coe: t.coe,
      server_type: t.server_type,
      driver: t.driver,
      image_id: t.image_id,
      flavor_id: d.cluster.flavor_id,
      master_flavor_id: d.cluster.master_flavor_id,
      keypair_id: d.cluster.keypair,
      external_network_id: t.external_network_id,
      fixed_network: d.cluster.fixed_network,
      fixed_subnet: d.cluster.fixed_subnet,
    },
    cloud,
    deps.drivers
  )
}

/**
 * POST /v1/clusters (and /v1/bays): Magnum's checks in Magnum's order, then the cluster's own
 * application credential, then the record (CREATE_IN_PROGRESS, with the operation) and only
 * then the workflow, so a GET right after the 202 finds the cluster.
 */
export const createCluster = async (
  deps: ClusterDeps,
  principal: Principal,
  input: ClusterInput,
  flavour: ClusterFlavour,
  o: CreateOptions
): Promise<ClusterAggregate> => {
  const template = await templateFor(deps, principal, input.cluster_template_id, o)
  checkDriver(deps.drivers, template)
  checkVolumeSize(template, input.docker_volume_size)
  if (input.node_count === 0 && !o.allowZeroNodes) throw new InvalidError(ZERO_NODES_UNSUPPORTED)
  deps.policy.enforce(`${flavour.rules}:create`, principal, {
    project_id: principal.projectId,
    user_id: principal.userId,
  })
  const own = { projectId: principal.projectId, allProjects: false }
  const uuid = o.idempotencyKey
    ? uuidForIdempotencyKey(principal.projectId, o.idempotencyKey)
    : deps.newUuid()
  if (o.idempotencyKey) {
    const existing = await deps.clusters.get(own, uuid)
    if (existing) return existing
  }
  const now = deps.now()
  const draft = draftCluster(input, template, principal, flavour, uuid, now)
  const nodes = draft.masterCount + draft.nodeCount
  const { limits, vcpusInUse } = await checkQuota(deps, principal.projectId, nodes)
  await checkCloud(deps, principal, template, draft)
  checkMasterCount(draft.masterCount, draft.cluster.master_lb_enabled)

  // Each node's vCPUs are recorded with its nodegroup, so usage follows later resizes.
  const nodegroups = await withFlavorVcpus(
    await deps.cloud.forPrincipal(principal),
    defaultNodeGroups(draft, template, deps.newUuid)
  )
  const vcpus = vcpusOfNodeGroups(nodegroups)
  if (limits.maxVcpus !== undefined && vcpusInUse + vcpus > limits.maxVcpus) {
    throw vcpusExceeded(limits.maxVcpus)
  }
  const credential = await issueCredential(deps, principal, draft.cluster)
  const stored: ClusterAggregate = {
    cluster: {
      ...draft.cluster,
      credential,
      operation: newOperation(
        deps,
        uuid,
        { kind: 'cluster-create', timeoutMinutes: draft.cluster.create_timeout },
        now
      ),
      version: 1,
    },
    nodegroups: nodegroups.map((n) => ({ ...n, record_version: 1 })),
  }
  try {
    await deps.clusters.create(stored, template.project_id, {
      maxClusters: limits.maxClusters,
      maxNodes: limits.maxNodes,
      maxVcpus: limits.maxVcpus,
      nodes,
    })
  } catch (e) {
    await revokeQuietly(deps, credential.user_id, credential.id, uuid)
    // Magnum's words for the cluster count; the store's own for Berth's node and vCPU limits.
    if (e instanceof QuotaExceededError) {
      if (e.resource === 'Node' && limits.maxNodes !== undefined)
        throw nodesExceeded(limits.maxNodes)
      if (e.resource === 'VCPU' && limits.maxVcpus !== undefined)
        throw vcpusExceeded(limits.maxVcpus)
      throw quotaExceeded(limits.maxClusters)
    }
    if (e instanceof ConflictError && o.idempotencyKey) {
      const winner = await deps.clusters.get(own, uuid)
      if (winner) return winner
    }
    throw e
  }
  return launch(deps, stored)
}
