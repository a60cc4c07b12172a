import type { RenderContext } from '@berth/core/ports/drivers'
import type { StackSpec } from '@berth/core/ports/stacks'
import {
  getAttr,
  getParam,
  getResource,
  type HotResource,
  listJoin,
  stackScopedName,
  template,
} from '../heat/hot'
import { loadBalancer, poolName } from '../heat/load-balancer'
import { networkPlan } from '../heat/network'
import { securityGroups } from '../heat/security-groups'
import { clusterStackName } from '../heat/stack-name'
import { clusterOnlyParameters, commonParameters } from './common'
import { nodeFiles, nodeGroupResource, serverGroup } from './groups'
import { labelParameter } from './labels'
import type { CoeProfile, Facts, Resolved } from './profile'
import { allLabels, defaultMasterOf, defaultWorkerOf, resolve } from './resolve'
import { commonValues } from './values'

const MASTER_IP = ['fixed_ips', 0, 'ip_address'] as const

const allowedCidrs = (r: Resolved): string[] =>
  String(r.labels.master_lb_allowed_cidrs)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** Where the API is published: the load balancer (floating or VIP) or the first master. */
const apiHost = (p: CoeProfile, r: Resolved): unknown => {
  if (r.lb) {
    return r.lbFloatingIp
      ? getAttr('api_lb_floating_ip', 'floating_ip_address')
      : getAttr('api_lb', 'vip_address')
  }
  return r.floatingIp
    ? getAttr(p.master.group, 'resource.0', 'public_address')
    : getAttr('master_ports', 'resource.0', ...MASTER_IP)
}

/**
 * The cluster's stack: network (unless given), security groups, the masters' ports (created
 * first so every master knows its peers' addresses before booting), masters and default
 * workers as ResourceGroups of nested node templates, the master load balancer, and outputs
 * for Berth and for nodegroup stacks joining later.
 */
export const renderClusterStack = (p: CoeProfile, ctx: RenderContext): StackSpec => {
  const r = resolve(p, ctx)
  const masters = defaultMasterOf(ctx)
  const workers = defaultWorkerOf(ctx)
  const net = networkPlan({
    network: ctx.cluster.fixed_network !== null,
    subnet: ctx.cluster.fixed_network === null || ctx.cluster.fixed_subnet !== null,
  })
  const lbPorts = r.lb ? p.lbPorts(r) : []
  const pools = lbPorts.map((port) => ({ poolParam: poolName(port), port }))
  const facts: Facts = {
    stack: 'cluster',
    apiPrivateAddress: r.lb
      ? getAttr('api_lb', 'vip_address')
      : getAttr('master_ports', 'resource.0', ...MASTER_IP),
    apiPublicAddress: r.lbFloatingIp ? getAttr('api_lb_floating_ip', 'floating_ip_address') : '',
    masterAddresses: listJoin(',', getAttr('master_ports', ...MASTER_IP)),
    externalNetworkId: net.resources.router
      ? getAttr('router', 'external_gateway_info', 'network_id')
      : getParam('external_network'),
  }
  const extra = p.extraParameters?.(r, workers) ?? { declare: {}, values: {} }
  const resources: Record<string, HotResource> = {
    ...net.resources,
    ...securityGroups(p.masterPorts(r), p.workerPorts(r)),
    ...(r.lb
      ? loadBalancer({
          subnet: net.subnet,
          ports: lbPorts,
          floatingIp: r.lbFloatingIp,
          allowedCidrs: allowedCidrs(r),
        })
      : {}),
    master_server_group: serverGroup('master'),
    worker_server_group: serverGroup('worker'),
    master_ports: {
      type: 'OS::Heat::ResourceGroup',
      properties: {
        count: getParam(p.master.count),
        resource_def: {
          type: 'OS::Neutron::Port',
          properties: {
            name: stackScopedName(p.master.serverName, 'port', '%index%'),
            network: net.network,
            ...(net.subnet !== undefined ? { fixed_ips: [{ subnet: net.subnet }] } : {}),
            security_groups: [getResource('secgroup_cluster'), getResource('secgroup_master')],
          },
        },
      },
    },
    [p.master.group]: nodeGroupResource(p, r, {
      role: 'master',
      net,
      securityGroups: [],
      facts,
      pools,
      poolRefs: Object.fromEntries(pools.map((x) => [x.poolParam, getResource(x.poolParam)])),
    }),
    [p.worker.group]: nodeGroupResource(p, r, {
      role: 'worker',
      net,
      securityGroups: [getResource('secgroup_cluster'), getResource('secgroup_worker')],
      facts,
      pools: [],
      poolRefs: {},
    }),
    ...(p.resources ?? {}),
  }
  if (resources.api_lb_floating_ip) resources.api_lb_floating_ip.depends_on = net.dependsOn
  const outputs = {
    api_address: { description: 'host of the API', value: apiHost(p, r) },
    [p.master.outputPublic]: { value: getAttr(p.master.group, 'public_address') },
    [p.master.outputPrivate]: { value: getAttr(p.master.group, 'private_address') },
    [p.worker.outputPublic]: { value: getAttr(p.worker.group, 'public_address') },
    [p.worker.outputPrivate]: { value: getAttr(p.worker.group, 'private_address') },
    api_private_address: { description: 'for nodegroups', value: facts.apiPrivateAddress },
    master_private_addresses: { description: 'for nodegroups', value: facts.masterAddresses },
    network_id: {
      value: net.resources.private_network ? getResource('private_network') : net.network,
    },
    subnet_id: {
      value: net.resources.private_subnet ? getResource('private_subnet') : (net.subnet ?? ''),
    },
    cluster_security_group: { value: getResource('secgroup_cluster') },
  }
  const { files, environment } = nodeFiles(p, r, ['master', 'worker'], {
    withSubnet: net.subnet !== undefined,
    pools,
  })
  const parameters = {
    ...commonParameters(p),
    ...clusterOnlyParameters(p),
    ...Object.fromEntries(allLabels(p).map((l) => [l.name, labelParameter(l)])),
    ...extra.declare,
  }
  return {
    name: clusterStackName(ctx.cluster),
    template: {
      ...template(`${p.title} cluster ${ctx.cluster.name} (${ctx.cluster.uuid})`, {
        parameters,
        resources,
        outputs,
      }),
    },
    files,
    environment,
    parameters: {
      ...commonValues(p, r, workers, true),
      [p.master.count]: masters.node_count,
      [p.master.flavor]:
        masters.flavor_id ??
        ctx.cluster.master_flavor_id ??
        ctx.template.master_flavor_id ??
        'm1.small',
      [p.master.image]: masters.image_id,
      ...extra.values,
    },
    timeoutMins: ctx.cluster.create_timeout > 0 ? ctx.cluster.create_timeout : 60,
    disableRollback: true,
    tags: ['berth', `berth-cluster-${ctx.cluster.uuid}`],
  }
}
