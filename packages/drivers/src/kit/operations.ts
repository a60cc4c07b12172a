import type { ClusterTemplate } from '@berth/core/cluster-templates/model'
import type { NodeGroup } from '@berth/core/clusters/model'
import { ConflictError, InvalidError } from '@berth/core/errors'
import type { RenderContext, StackOutputs } from '@berth/core/ports/drivers'
import type { Parameters, StackState, StackUpdate } from '@berth/core/ports/stacks'
import { compareVersions, labelValue, PAYLOAD_SAFE } from './labels'
import type { CoeProfile } from './profile'
import { allLabels, labelsFor, resolvedLabels } from './resolve'

/**
 * Resize: Heat keeps the template and changes the worker count, deleting the named nodes
 * first (the ResourceGroup's removal policy takes server ids or resource names).
 */
export const resizeUpdate = (
  p: CoeProfile,
  nodegroup: NodeGroup,
  count: number,
  nodesToRemove: readonly string[]
): StackUpdate => {
  if (nodegroup.role === 'master') {
    throw new InvalidError('Resizing a nodegroup with role master is not supported.')
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidError(`node_count must be a non-negative integer, got ${count}.`)
  }
  for (const node of nodesToRemove) {
    if (!/^[A-Za-z0-9_.-]+$/.test(node))
      throw new InvalidError(`Invalid node to remove: '${node}'.`)
  }
  return {
    parameters: { [p.worker.count]: count, [p.worker.remove]: nodesToRemove.join(',') },
    disableRollback: true,
  }
}

const isVersionLabel = (name: string) => name.endsWith('_tag') || name.endsWith('_version')

/**
 * Upgrade, as Magnum's Heat drivers do it: the target template must name the COE version
 * (409 otherwise); no `*_tag`/`*_version` label may go backwards; the new versions and image
 * reach the nodes as parameters, and the ResourceGroups replace nodes `maxBatchSize` at a
 * time (masters one by one). A default nodegroup upgrades the cluster's stack, masters
 * included; another nodegroup only its own stack.
 */
export const upgradeUpdate = (
  p: CoeProfile,
  ctx: RenderContext,
  target: ClusterTemplate,
  nodegroup: NodeGroup,
  maxBatchSize: number
): StackUpdate => {
  if (!target.labels[p.versionLabel]) {
    throw new ConflictError(
      `The cluster template ${target.uuid} has no label ${p.versionLabel}; it names no version to upgrade to.`
    )
  }
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new InvalidError(`max_batch_size must be a positive integer, got ${maxBatchSize}.`)
  }
  const current = resolvedLabels(p, ctx, labelsFor(ctx, nodegroup))
  const parameters: Parameters = {}
  for (const spec of allLabels(p).filter((s) => isVersionLabel(s.name))) {
    const wanted = target.labels[spec.name]
    if (wanted === undefined) continue
    const value = labelValue(spec, wanted)
    const order = compareVersions(String(value), String(current[spec.name]))
    if (order !== undefined && order < 0) {
      throw new InvalidError(
        `Invalid version for label ${spec.name}: ${value} is older than the current ${current[spec.name]}.`
      )
    }
    parameters[spec.name] = value
  }
  if (!/^[A-Za-z0-9._-]+$/.test(target.image_id)) {
    throw new InvalidError(`Invalid image ${target.image_id}.`)
  }
  parameters[p.worker.image] = target.image_id
  if (nodegroup.is_default) parameters[p.master.image] = target.image_id
  parameters.update_max_batch_size = maxBatchSize
  return { parameters, disableRollback: true }
}

const addresses = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []

const param = (stack: StackState, name: string | undefined): string | null => {
  const v = name ? stack.parameters[name] : undefined
  return v && new RegExp(PAYLOAD_SAFE).test(v) ? v : null
}

/**
 * Reads a finished stack, the cluster's or a nodegroup's: the API URL from its host, floating
 * addresses (fixed ones when the cluster has no floating IPs) per nodegroup name, and the
 * versions from the parameters the stack was last given.
 */
export const readStackOutputs = (
  p: CoeProfile,
  ctx: RenderContext,
  stack: StackState,
  apiUrl: (host: string) => string
): StackOutputs => {
  const out = stack.outputs
  const floating = ctx.cluster.floating_ip_enabled
  const pick = (names: { outputPublic: string; outputPrivate: string }) =>
    addresses(out[floating ? names.outputPublic : names.outputPrivate])
  const isCluster = 'api_address' in out
  const workerName =
    stack.parameters.worker_nodegroup_name ??
    ctx.nodegroups.find(
      (n) => (isCluster ? n.is_default : n.stack_id === stack.id) && n.role !== 'master'
    )?.name
  const masterName = ctx.nodegroups.find((n) => n.is_default && n.role === 'master')?.name
  const masters = isCluster ? pick(p.master) : []
  const nodeAddresses: Record<string, string[]> = {}
  if (workerName) nodeAddresses[workerName] = pick(p.worker)
  if (isCluster && masterName) nodeAddresses[masterName] = masters
  const host = out.api_address
  return {
    api_address: isCluster && typeof host === 'string' && host ? apiUrl(host) : null,
    master_addresses: masters,
    node_addresses: nodeAddresses,
    coe_version: param(stack, p.versionLabel),
    container_version: param(stack, p.containerVersionLabel),
  }
}
