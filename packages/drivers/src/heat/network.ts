import { getAttr, getParam, getResource, type HotResource, stackScopedName } from './hot'

export interface NetworkPlan {
  resources: Record<string, HotResource>
  /** Expressions naming the network and subnet nodes attach to. */
  network: unknown
  subnet: unknown | undefined
  /** Resources nodes must wait for (a floating IP needs the router interface). */
  dependsOn: string[]
}

/**
 * The cluster's private network: its own network, subnet, router and interface (Magnum's
 * `network` resource), or the user's `fixed_network`/`fixed_subnet` as they are.
 */
export const networkPlan = (fixed: { network: boolean; subnet: boolean }): NetworkPlan => {
  if (fixed.network) {
    return {
      resources: {},
      network: getParam('fixed_network'),
      subnet: fixed.subnet ? getParam('fixed_subnet') : undefined,
      dependsOn: [],
    }
  }
  return {
    resources: {
      private_network: {
        type: 'OS::Neutron::Net',
        properties: { name: stackScopedName('network') },
      },
      private_subnet: {
        type: 'OS::Neutron::Subnet',
        properties: {
          name: stackScopedName('subnet'),
          network: getResource('private_network'),
          cidr: getParam('fixed_subnet_cidr'),
          dns_nameservers: getParam('dns_nameserver'),
        },
      },
      router: {
        type: 'OS::Neutron::Router',
        properties: {
          name: stackScopedName('router'),
          external_gateway_info: { network: getParam('external_network') },
        },
      },
      router_interface: {
        type: 'OS::Neutron::RouterInterface',
        properties: { router: getResource('router'), subnet: getResource('private_subnet') },
      },
    },
    network: getResource('private_network'),
    subnet: getResource('private_subnet'),
    dependsOn: ['router_interface'],
  }
}

/** The subnet's id as an attribute (works for both a created subnet and a given one). */
export const subnetIdOf = (plan: NetworkPlan): unknown =>
  plan.resources.private_subnet ? getAttr('private_subnet', 'id') : plan.subnet
