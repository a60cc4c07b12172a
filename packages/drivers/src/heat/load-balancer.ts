import { getAttr, getParam, getResource, type HotResource, stackScopedName } from './hot'

export interface LoadBalancerOptions {
  subnet: unknown
  /** Ports forwarded to the masters; each gets a listener, a pool and a monitor. */
  ports: readonly number[]
  floatingIp: boolean
  /** Sources allowed on the listeners (empty: anyone). */
  allowedCidrs: readonly string[]
}

/** The pool resource (and master template parameter) forwarding `port`. */
export const poolName = (port: number) => `api_pool_${port}`

/**
 * The masters' Octavia load balancer, as Magnum's `api_lb`: TCP pass-through so TLS ends on
 * the masters, round robin by default, a TCP health monitor per pool, and a floating IP on
 * the VIP when the cluster is reachable from outside.
 */
export const loadBalancer = (o: LoadBalancerOptions): Record<string, HotResource> => {
  const resources: Record<string, HotResource> = {
    api_lb: {
      type: 'OS::Octavia::LoadBalancer',
      properties: {
        name: stackScopedName('api-lb'),
        vip_subnet: o.subnet,
        provider: getParam('octavia_provider'),
      },
    },
  }
  for (const port of o.ports) {
    resources[`api_listener_${port}`] = {
      type: 'OS::Octavia::Listener',
      properties: {
        loadbalancer: getResource('api_lb'),
        protocol: 'TCP',
        protocol_port: port,
        ...(o.allowedCidrs.length > 0 ? { allowed_cidrs: [...o.allowedCidrs] } : {}),
      },
    }
    resources[poolName(port)] = {
      type: 'OS::Octavia::Pool',
      properties: {
        listener: getResource(`api_listener_${port}`),
        protocol: 'TCP',
        lb_algorithm: getParam('octavia_lb_algorithm'),
      },
    }
    resources[`api_monitor_${port}`] = {
      type: 'OS::Octavia::HealthMonitor',
      properties: {
        pool: getResource(poolName(port)),
        type: 'TCP',
        delay: 5,
        max_retries: 3,
        timeout: 5,
      },
    }
  }
  if (o.floatingIp) {
    resources.api_lb_floating_ip = {
      type: 'OS::Neutron::FloatingIP',
      properties: {
        floating_network: getParam('external_network'),
        port_id: getAttr('api_lb', 'vip_port_id'),
      },
    }
  }
  return resources
}
