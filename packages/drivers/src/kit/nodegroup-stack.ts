import type { NodeGroup } from '@berth/core/clusters/model'
import { InvalidError } from '@berth/core/errors'
import type { RenderContext } from '@berth/core/ports/drivers'
import type { StackSpec } from '@berth/core/ports/stacks'
import { getAttr, getParam, getResource, template } from '../heat/hot'
import { networkPlan } from '../heat/network'
import { nodeGroupSecurityGroup } from '../heat/security-groups'
import { clusterStackName, nodeGroupStackName } from '../heat/stack-name'
import { commonParameters, nodeGroupOnlyParameters } from './common'
import { nodeFiles, nodeGroupResource, serverGroup } from './groups'
import { labelParameter } from './labels'
import type { CoeProfile, Facts } from './profile'
import { allLabels, resolve } from './resolve'
import { commonValues } from './values'

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)

const hostOf = (url: string | null): string | undefined => {
  if (!url) return undefined
  try {
    return new URL(url).hostname
  } catch {
    return undefined
  }
}

/**
 * How the nodegroup finds the cluster: the cluster stack's outputs when the workflow passed
 * them, else what the cluster record and the cluster stack's naming tell (names resolve in
 * Neutron as ids do).
 */
const joinValues = (ctx: RenderContext) => {
  const out = ctx.clusterStackOutputs ?? {}
  const base = clusterStackName(ctx.cluster)
  const created = ctx.cluster.fixed_network === null
  const apiPrivate =
    text(out.api_private_address) ??
    hostOf(ctx.cluster.api_address) ??
    ctx.cluster.master_addresses[0]
  if (!apiPrivate) {
    throw new InvalidError(
      `cluster ${ctx.cluster.uuid} has no API address yet; a nodegroup cannot join it.`
    )
  }
  return {
    fixed_network: text(out.network_id) ?? ctx.cluster.fixed_network ?? `${base}-network`,
    fixed_subnet:
      text(out.subnet_id) ?? ctx.cluster.fixed_subnet ?? (created ? `${base}-subnet` : ''),
    existing_security_group: text(out.cluster_security_group) ?? `${base}-cluster`,
    existing_master_private_ip: apiPrivate,
    existing_master_addresses:
      text(out.master_private_addresses) ?? ctx.cluster.master_addresses.join(','),
  }
}

/**
 * A non-default nodegroup's own stack: workers only, joining the cluster's network, shared
 * security group and API through parameters (Magnum's `existing_master_private_ip`,
 * `existing_security_group`, `is_cluster_stack=false`).
 */
export const renderNodeGroupStack = (
  p: CoeProfile,
  ctx: RenderContext,
  nodegroup: NodeGroup
): StackSpec => {
  if (nodegroup.role === 'master') {
    throw new InvalidError('A nodegroup with role master cannot have its own stack.')
  }
  const r = resolve(p, ctx, nodegroup)
  const join = joinValues(ctx)
  const net = networkPlan({ network: true, subnet: join.fixed_subnet !== '' })
  const facts: Facts = {
    stack: 'nodegroup',
    apiPrivateAddress: getParam('existing_master_private_ip'),
    apiPublicAddress: '',
    masterAddresses: getParam('existing_master_addresses'),
    externalNetworkId: getParam('external_network'),
  }
  const extra = p.extraParameters?.(r, nodegroup) ?? { declare: {}, values: {} }
  const { files, environment } = nodeFiles(p, r, ['worker'], {
    withSubnet: net.subnet !== undefined,
    pools: [],
  })
  return {
    name: nodeGroupStackName(ctx.cluster, nodegroup),
    template: {
      ...template(`${p.title} nodegroup ${nodegroup.name} of cluster ${ctx.cluster.uuid}`, {
        parameters: {
          ...commonParameters(p),
          ...nodeGroupOnlyParameters(),
          ...Object.fromEntries(allLabels(p).map((l) => [l.name, labelParameter(l)])),
          ...extra.declare,
        },
        resources: {
          ...nodeGroupSecurityGroup(p.workerPorts(r)),
          worker_server_group: serverGroup('worker'),
          [p.worker.group]: nodeGroupResource(p, r, {
            role: 'worker',
            net,
            securityGroups: [getParam('existing_security_group'), getResource('secgroup_worker')],
            facts,
            pools: [],
            poolRefs: {},
          }),
        },
        outputs: {
          [p.worker.outputPublic]: { value: getAttr(p.worker.group, 'public_address') },
          [p.worker.outputPrivate]: { value: getAttr(p.worker.group, 'private_address') },
        },
      }),
    },
    files,
    environment,
    parameters: { ...commonValues(p, r, nodegroup, false), ...join, ...extra.values },
    timeoutMins: ctx.cluster.create_timeout > 0 ? ctx.cluster.create_timeout : 60,
    disableRollback: true,
    tags: ['berth', `berth-cluster-${ctx.cluster.uuid}`, `berth-nodegroup-${nodegroup.uuid}`],
  }
}
