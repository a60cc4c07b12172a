import type { NodeGroup } from '@berth/core/clusters/model'
import { InvalidError } from '@berth/core/errors'
import type { RenderContext } from '@berth/core/ports/drivers'
import { COMMON_LABELS } from './common'
import { type LabelSpec, labelValue, type ParamValue } from './labels'
import type { CoeProfile, Resolved } from './profile'

export const allLabels = (p: CoeProfile): readonly LabelSpec[] => [...COMMON_LABELS, ...p.labels]

export const defaultMasterOf = (ctx: RenderContext): NodeGroup => {
  const ng = ctx.nodegroups.find((n) => n.is_default && n.role === 'master')
  if (!ng) throw new InvalidError(`cluster ${ctx.cluster.uuid} has no default master nodegroup`)
  return ng
}

export const defaultWorkerOf = (ctx: RenderContext): NodeGroup => {
  const ng = ctx.nodegroups.find((n) => n.is_default && n.role !== 'master')
  if (!ng) throw new InvalidError(`cluster ${ctx.cluster.uuid} has no default worker nodegroup`)
  return ng
}

/** The labels a stack renders with: the cluster's, or a non-default nodegroup's own. */
export const labelsFor = (ctx: RenderContext, nodegroup?: NodeGroup): Record<string, string> =>
  nodegroup && !nodegroup.is_default ? nodegroup.labels : ctx.cluster.labels

/** Label values with defaults, including the ones that default to a cluster field. */
export const resolvedLabels = (
  p: CoeProfile,
  ctx: RenderContext,
  labels: Record<string, string>
): Record<string, ParamValue> =>
  Object.fromEntries(
    allLabels(p).map((spec) => {
      const fallback =
        spec.name === 'master_lb_floating_ip_enabled'
          ? String(ctx.cluster.floating_ip_enabled)
          : spec.default
      return [spec.name, labelValue({ ...spec, default: fallback }, labels[spec.name])]
    })
  )

/** Defaults resolved once, with Magnum's create-time rules that concern the stack. */
export const resolve = (p: CoeProfile, ctx: RenderContext, nodegroup?: NodeGroup): Resolved => {
  const labels = resolvedLabels(p, ctx, labelsFor(ctx, nodegroup))
  const masterCount = defaultMasterOf(ctx).node_count
  const lb = ctx.cluster.master_lb_enabled
  if (masterCount < 1) throw new InvalidError('master_count must be at least 1.')
  if (masterCount > 1 && !lb) {
    throw new InvalidError('master_count must be 1 when master_lb_enabled is False')
  }
  if (p.oddMasters && masterCount % 2 === 0) {
    throw new InvalidError(`master_count must be an odd number for ${p.name}, got ${masterCount}.`)
  }
  if (lb && ctx.cluster.fixed_network && !ctx.cluster.fixed_subnet) {
    throw new InvalidError('fixed_subnet is required with fixed_network when master_lb_enabled.')
  }
  const networkDriver = ctx.template.network_driver ?? p.networkDrivers[0]!
  if (!p.networkDrivers.includes(networkDriver)) {
    throw new InvalidError(
      `network_driver ${networkDriver} is not supported by ${p.name}; use one of ${p.networkDrivers.join(', ')}.`
    )
  }
  const distro = ctx.template.cluster_distro ?? ''
  if (!p.provides.some((k) => k.osDistro === distro)) {
    throw new InvalidError(`${p.name} does not support the distro '${distro}'.`)
  }
  return {
    ctx,
    distro,
    labels,
    masterCount,
    lb,
    floatingIp: ctx.cluster.floating_ip_enabled,
    lbFloatingIp: lb && labels.master_lb_floating_ip_enabled === true,
    tlsDisabled: ctx.template.tls_disabled,
    networkDriver,
    dockerVolumeSize:
      (nodegroup ?? defaultWorkerOf(ctx)).docker_volume_size ?? ctx.cluster.docker_volume_size ?? 0,
  }
}
