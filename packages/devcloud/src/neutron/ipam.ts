import { randomBytes } from 'node:crypto'
import { CloudError, conflict } from '../http'
import type { StateData } from '../state'
import { bigToIp, contains, ipToBig, parseCidr } from './cidr'
import type { FixedIp, Subnet } from './model'

/** Every address of a subnet already taken: ports, router gateways and floating IPs. */
export const usedAddresses = (data: StateData, subnet: Subnet): Set<string> => {
  const used = new Set<string>()
  if (subnet.gatewayIp !== null) used.add(subnet.gatewayIp)
  const add = (ips: FixedIp[]) => {
    for (const ip of ips) if (ip.subnetId === subnet.id) used.add(ip.ipAddress)
  }
  for (const p of data.ports) add(p.fixedIps)
  for (const r of data.routers) add(r.externalGateway?.fixedIps ?? [])
  for (const f of data.floatingIps) {
    if (f.floatingNetworkId === subnet.networkId) used.add(f.floatingIpAddress)
  }
  return used
}

/** The first free address of the subnet's allocation pools (Neutron picks one; ours is stable). */
export const allocateAddress = (data: StateData, subnet: Subnet): string => {
  const used = usedAddresses(data, subnet)
  const version = subnet.ipVersion
  for (const pool of subnet.allocationPools) {
    for (let n = ipToBig(pool.start); n <= ipToBig(pool.end); n++) {
      const ip = bigToIp(n, version)
      if (!used.has(ip)) return ip
    }
  }
  throw conflict(
    `No more IP addresses available on network ${subnet.networkId}.`,
    'IpAddressGenerationFailure'
  )
}

/** Checks an address a client asked for: inside the subnet and not taken. */
export const claimAddress = (data: StateData, subnet: Subnet, ip: string): string => {
  const cidr = parseCidr(subnet.cidr)
  if (!cidr || !contains(cidr, ip)) {
    throw new CloudError(
      400,
      `IP address ${ip} is not a valid IP for the specified subnet.`,
      'InvalidIpForSubnet'
    )
  }
  if (usedAddresses(data, subnet).has(ip) && ip !== subnet.gatewayIp) {
    throw conflict(
      `IP address ${ip} already allocated in subnet ${subnet.id}`,
      'IpAddressAlreadyAllocated'
    )
  }
  return ip
}

/** Neutron's base MAC is fa:16:3e; the rest is random. */
export const randomMac = (): string =>
  ['fa', '16', '3e', ...[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'))].join(':')
