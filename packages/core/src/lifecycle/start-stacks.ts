import {
  type ClusterAggregate,
  defaultMaster,
  defaultWorker,
  type StoredNodeGroup,
} from '../clusters/model'
import {
  CREDENTIAL_STACKS_PARAM,
  isCredentialRotation,
  pushCredential,
} from '../credentials-rotation/push'
import type { DriverDescriptor, RenderContext } from '../ports/drivers'
import type { WorkflowInput } from '../ports/orchestrator'
import { loadForStep, openStep, type StepContext, templateOf } from './context'
import { sendStackDelete } from './delete-steps'
import type { OpenStepDeps, StepDeps } from './deps'
import { PermanentStepError } from './errors'
import { paramsOf, UpdateParams, UpgradeParams } from './params'

const inProgress = (a: ClusterAggregate) => [a.cluster.status]

const nodegroup = (a: ClusterAggregate, uuid: string | null | undefined): StoredNodeGroup => {
  const ng = a.nodegroups.find((n) => n.uuid === uuid)
  if (!ng) throw new PermanentStepError(`nodegroup ${uuid} of cluster ${a.cluster.uuid} not found`)
  return ng
}

/** The stack a nodegroup lives in: the cluster's for default nodegroups, its own otherwise. */
export const stackOfNodeGroup = (a: ClusterAggregate, ng: StoredNodeGroup): string | null =>
  ng.is_default ? a.cluster.stack_id : ng.stack_id

/**
 * A nodegroup's own stack joins the cluster through the cluster stack's outputs (network,
 * security group, the API's private address), read fresh from Heat.
 */
const withClusterOutputs = async (
  step: StepContext,
  a: ClusterAggregate
): Promise<RenderContext> => {
  const stack = a.cluster.stack_id ? await step.cloud.stacks.get(a.cluster.stack_id) : undefined
  return stack ? { ...step.render, clusterStackOutputs: stack.outputs } : step.render
}

/** cluster-create: render and create the cluster's stack (an existing one is reused). */
export const createClusterStack = async (
  deps: OpenStepDeps & StepDeps<'now'>,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  if (a.cluster.stack_id) return { stackId: a.cluster.stack_id }
  const step = await openStep(deps, a)
  const { id } = await step.cloud.stacks.create(step.driver.clusterStack(step.render))
  const defaults = [defaultMaster(a), defaultWorker(a)].filter((n): n is StoredNodeGroup => !!n)
  await deps.clusters.save(
    { ...a.cluster, stack_id: id, updated_at: deps.now().toISOString() },
    defaults.map((n) => ({ ...n, stack_id: id })),
    inProgress(a)
  )
  return { stackId: id }
}

/**
 * cluster-update (PATCH node_count, resize): Heat update of the nodegroup's stack; for a
 * credential rotation, the new credential to every stack holding one.
 */
export const updateClusterStack = async (deps: OpenStepDeps, input: WorkflowInput) => {
  const a = await loadForStep(deps, input)
  const op = a.cluster.operation
  if (!op) throw new PermanentStepError(`cluster ${a.cluster.uuid} has no operation`)
  const p = paramsOf(UpdateParams, op)
  if (p.stack_update_issued) return { issued: false }
  if (isCredentialRotation(op.params)) {
    // A credential rotation: every stack that holds the credential gets the new one.
    const step = await openStep(deps, a)
    const own = a.nodegroups.filter((n) => !n.is_default).map((n) => n.stack_id)
    const ids = [a.cluster.stack_id, ...own].filter((id): id is string => id !== null)
    const updated = await pushCredential(step.cloud, ids, step.render.credentials)
    const params = { ...op.params, stack_update_issued: true, [CREDENTIAL_STACKS_PARAM]: updated }
    await deps.clusters.save({ ...a.cluster, operation: { ...op, params } }, [], inProgress(a))
    return { issued: updated.length > 0 }
  }
  const ng = nodegroup(a, p.nodegroup_uuid)
  const stackId = stackOfNodeGroup(a, ng)
  if (!stackId) throw new PermanentStepError(`nodegroup ${ng.name} has no stack to resize`)
  const step = await openStep(deps, a)
  const update = step.driver.resize(step.render, ng, p.node_count, p.nodes_to_remove)
  await step.cloud.stacks.update(stackId, { ...update, disableRollback: !p.rollback })
  await deps.clusters.save(
    { ...a.cluster, operation: { ...op, params: { ...op.params, stack_update_issued: true } } },
    [],
    inProgress(a)
  )
  return { issued: true }
}

/** cluster-upgrade: Heat update towards the target template's versions. */
export const upgradeClusterStack = async (deps: OpenStepDeps, input: WorkflowInput) => {
  const a = await loadForStep(deps, input)
  const op = a.cluster.operation
  if (!op) throw new PermanentStepError(`cluster ${a.cluster.uuid} has no operation`)
  const p = paramsOf(UpgradeParams, op)
  if (p.stack_update_issued) return { issued: false }
  const ng = nodegroup(a, p.nodegroup_uuid)
  const stackId = stackOfNodeGroup(a, ng)
  if (!stackId) throw new PermanentStepError(`nodegroup ${ng.name} has no stack to upgrade`)
  const step = await openStep(deps, a)
  const target = await templateOf(deps, a, p.cluster_template_uuid)
  const update = step.driver.upgrade(step.render, target, ng, p.max_batch_size)
  await step.cloud.stacks.update(stackId, update)
  await deps.clusters.save(
    { ...a.cluster, operation: { ...op, params: { ...op.params, stack_update_issued: true } } },
    [],
    inProgress(a)
  )
  return { issued: true }
}

/** nodegroup-create: the new nodegroup's own stack. */
export const createNodeGroupStack = async (deps: OpenStepDeps, input: WorkflowInput) => {
  const a = await loadForStep(deps, input)
  const ng = nodegroup(a, input.nodegroupUuid)
  if (ng.stack_id) return { stackId: ng.stack_id }
  const step = await openStep(deps, a)
  const render = await withClusterOutputs(step, a)
  const { id } = await step.cloud.stacks.create(step.driver.nodeGroupStack(render, ng))
  await deps.clusters.save(a.cluster, [{ ...ng, stack_id: id }], inProgress(a))
  return { stackId: id }
}

/** nodegroup-update (labels, taints): re-render the nodegroup's stack and replace it. */
export const updateNodeGroupStack = async (deps: OpenStepDeps, input: WorkflowInput) => {
  const a = await loadForStep(deps, input)
  const ng = nodegroup(a, input.nodegroupUuid)
  const stackId = stackOfNodeGroup(a, ng)
  if (!stackId) throw new PermanentStepError(`nodegroup ${ng.name} has no stack to update`)
  const step = await openStep(deps, a)
  const spec = ng.is_default
    ? step.driver.clusterStack(step.render)
    : step.driver.nodeGroupStack(await withClusterOutputs(step, a), ng)
  await step.cloud.stacks.update(stackId, {
    template: spec.template,
    files: spec.files,
    environment: spec.environment,
    parameters: spec.parameters,
    disableRollback: spec.disableRollback,
  })
  return { stackId }
}

/**
 * nodegroup-delete: delete the nodegroup's own stack (gone already is fine; `deleted` false
 * when a resumed workflow found Heat already deleting it).
 */
export const deleteNodeGroupStack = async (
  deps: OpenStepDeps<DriverDescriptor>,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  const ng = nodegroup(a, input.nodegroupUuid)
  if (ng.is_default) throw new PermanentStepError('a default nodegroup cannot be deleted')
  if (!ng.stack_id) return { deleted: false }
  const step = await openStep(deps, a)
  return { deleted: await sendStackDelete(step.cloud.stacks, a, ng.stack_id) }
}
