import type { HotResource } from './hot'
import { stackScopedName } from './hot'

/** A port range the COE serves outside the cluster. */
export interface PortRule {
  protocol: 'tcp' | 'udp'
  from: number
  to?: number
}

const SSH: PortRule = { protocol: 'tcp', from: 22 }

const rule = (r: PortRule) => ({
  direction: 'ingress',
  protocol: r.protocol,
  port_range_min: r.from,
  port_range_max: r.to ?? r.from,
  remote_ip_prefix: '0.0.0.0/0',
})

const roleGroup = (role: 'master' | 'worker', ports: readonly PortRule[]): HotResource => ({
  type: 'OS::Neutron::SecurityGroup',
  properties: {
    name: stackScopedName(role),
    description: `what ${role}s serve outside the cluster`,
    rules: [SSH, ...ports].map(rule),
  },
})

/**
 * Three groups, as Magnum splits them: one every node carries that lets cluster members reach
 * each other on any protocol (etcd, overlay networks, IP-in-IP), and one per role opening only
 * what the COE serves to the outside (SSH, API, service ports).
 */
export const securityGroups = (
  master: readonly PortRule[],
  worker: readonly PortRule[]
): Record<string, HotResource> => ({
  secgroup_cluster: {
    type: 'OS::Neutron::SecurityGroup',
    properties: {
      name: stackScopedName('cluster'),
      description: 'traffic between the nodes of the cluster',
      rules: [
        // Without remote_group_id Neutron means this very group: every member to every member.
        { direction: 'ingress', remote_mode: 'remote_group_id', ethertype: 'IPv4' },
        { direction: 'ingress', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0' },
      ],
    },
  },
  secgroup_master: roleGroup('master', master),
  secgroup_worker: roleGroup('worker', worker),
})

/** A nodegroup stack's own worker group, beside the cluster's shared one it receives. */
export const nodeGroupSecurityGroup = (
  worker: readonly PortRule[]
): Record<string, HotResource> => ({
  secgroup_worker: roleGroup('worker', worker),
})
