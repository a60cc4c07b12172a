import { type Actor, owns } from '../actor'
import type { DevCloud } from '../context'
import { badRequest, conflict, notFound } from '../http'
import { randomUuid } from '../ids'
import { parseCidr } from './cidr'
import type { SecurityGroup, SecurityGroupRule } from './model'

export const sgNotFound = (id: string) =>
  notFound(`Security group ${id} does not exist`, 'SecurityGroupNotFound')

/** Each project's `default` group, which Neutron creates on the project's first use. */
export const ensureDefaultSecurityGroup = (cloud: DevCloud, projectId: string): SecurityGroup => {
  const { data } = cloud.state
  const existing = data.securityGroups.find(
    (g) => g.projectId === projectId && g.name === 'default'
  )
  if (existing) return existing
  const at = cloud.now().toISOString()
  const group: SecurityGroup = {
    id: randomUuid(),
    name: 'default',
    projectId,
    description: 'Default security group',
    stateful: true,
    tags: [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: 1,
  }
  data.securityGroups.push(group)
  for (const ethertype of ['IPv4', 'IPv6'] as const) {
    for (const direction of ['egress', 'ingress'] as const) {
      data.securityGroupRules.push(
        newRule(at, projectId, group.id, {
          direction,
          ethertype,
          remoteGroupId: direction === 'ingress' ? group.id : null,
          description: null,
        })
      )
    }
  }
  cloud.state.save()
  return group
}

const newRule = (
  at: string,
  projectId: string,
  securityGroupId: string,
  r: Partial<SecurityGroupRule> & Pick<SecurityGroupRule, 'direction' | 'ethertype'>
): SecurityGroupRule => ({
  id: randomUuid(),
  projectId,
  securityGroupId,
  protocol: null,
  portRangeMin: null,
  portRangeMax: null,
  remoteIpPrefix: null,
  remoteGroupId: null,
  description: '',
  createdAt: at,
  updatedAt: at,
  revisionNumber: 0,
  ...r,
})

export const visibleSecurityGroup = (cloud: DevCloud, actor: Actor, id: string): SecurityGroup => {
  const group = cloud.state.data.securityGroups.find((g) => g.id === id)
  if (!group || !owns(actor, group.projectId)) throw sgNotFound(id)
  return group
}

/** A group by id, or by name within the actor's project (as Nova and Heat resolve them). */
export const findSecurityGroup = (cloud: DevCloud, actor: Actor, idOrName: string) => {
  const { data } = cloud.state
  if (idOrName === 'default') return ensureDefaultSecurityGroup(cloud, actor.projectId)
  const byId = data.securityGroups.find((g) => g.id === idOrName && owns(actor, g.projectId))
  if (byId) return byId
  const byName = data.securityGroups.filter(
    (g) => g.name === idOrName && g.projectId === actor.projectId
  )
  if (byName.length > 1) {
    throw conflict(
      `Multiple security_group matches found for name '${idOrName}', use an ID to be more specific.`,
      'NeutronClientNoUniqueMatch'
    )
  }
  if (byName[0]) return byName[0]
  throw sgNotFound(idOrName)
}

export const createSecurityGroup = (
  cloud: DevCloud,
  actor: Actor,
  req: { name?: string; description?: string; stateful?: boolean; projectId?: string }
): SecurityGroup => {
  const projectId = actor.admin && req.projectId ? req.projectId : actor.projectId
  ensureDefaultSecurityGroup(cloud, projectId)
  if (req.name === 'default') {
    throw conflict('Default security group already exists.', 'SecurityGroupDefaultAlreadyExists')
  }
  const at = cloud.now().toISOString()
  const group: SecurityGroup = {
    id: randomUuid(),
    name: req.name ?? '',
    projectId,
    description: req.description ?? '',
    stateful: req.stateful ?? true,
    tags: [],
    createdAt: at,
    updatedAt: at,
    revisionNumber: 1,
  }
  cloud.state.data.securityGroups.push(group)
  // Neutron gives every new group the two egress rules.
  for (const ethertype of ['IPv4', 'IPv6'] as const) {
    cloud.state.data.securityGroupRules.push(
      newRule(at, projectId, group.id, { direction: 'egress', ethertype, description: null })
    )
  }
  cloud.state.save()
  return group
}

export const deleteSecurityGroup = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  const group = visibleSecurityGroup(cloud, actor, id)
  if (group.name === 'default' && !actor.admin) {
    throw conflict(
      'Insufficient rights for removing default security group.',
      'SecurityGroupCannotRemoveDefault'
    )
  }
  if (data.ports.some((p) => p.securityGroupIds.includes(id))) {
    throw conflict(`Security Group ${id} in use.`, 'SecurityGroupInUse')
  }
  data.securityGroups.splice(data.securityGroups.indexOf(group), 1)
  data.securityGroupRules = data.securityGroupRules.filter((r) => r.securityGroupId !== id)
  cloud.state.save()
}

const PROTOCOLS: Record<string, string> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'ipv6-icmp',
}
const NAMED = new Set([
  'tcp',
  'udp',
  'icmp',
  'ipv6-icmp',
  'sctp',
  'gre',
  'esp',
  'ah',
  'vrrp',
  'any',
])

export interface RuleCreate {
  securityGroupId: string
  direction: 'ingress' | 'egress'
  ethertype?: 'IPv4' | 'IPv6'
  protocol?: string | null
  portRangeMin?: number | null
  portRangeMax?: number | null
  remoteIpPrefix?: string | null
  remoteGroupId?: string | null
  description?: string
}

export const createSecurityGroupRule = (
  cloud: DevCloud,
  actor: Actor,
  req: RuleCreate
): SecurityGroupRule => {
  const group = visibleSecurityGroup(cloud, actor, req.securityGroupId)
  const raw = req.protocol === undefined || req.protocol === null ? null : String(req.protocol)
  const protocol = raw === null ? null : (PROTOCOLS[raw] ?? raw.toLowerCase())
  if (protocol !== null && !NAMED.has(protocol) && !/^\d+$/.test(protocol)) {
    throw badRequest(
      `Security group rule protocol ${raw} not supported. Only protocol values [None, tcp, udp, icmp, icmpv6, ipv6-icmp, sctp, gre, esp, ah, vrrp] and integer representations [0 to 255] are supported.`,
      'SecurityGroupRuleInvalidProtocol'
    )
  }
  const min = req.portRangeMin ?? null
  const max = req.portRangeMax ?? null
  if ((protocol === 'tcp' || protocol === 'udp') && min !== null && max !== null && min > max) {
    throw badRequest(
      'For TCP/UDP protocols, port_range_min must be <= port_range_max',
      'SecurityGroupInvalidPortRange'
    )
  }
  let prefix = req.remoteIpPrefix ?? null
  if (prefix !== null) {
    const cidr = parseCidr(
      prefix.includes('/') ? prefix : `${prefix}/${prefix.includes(':') ? 128 : 32}`
    )
    if (!cidr)
      throw badRequest(
        `Invalid input for remote_ip_prefix. Reason: '${prefix}' is not a valid IP subnet.`,
        'InvalidInput'
      )
    prefix = prefix.includes('/') ? prefix : `${prefix}/${cidr.bits}`
  }
  const ethertype = req.ethertype ?? (prefix?.includes(':') ? 'IPv6' : 'IPv4')
  const { data } = cloud.state
  const same = data.securityGroupRules.find(
    (r) =>
      r.securityGroupId === group.id &&
      r.direction === req.direction &&
      r.ethertype === ethertype &&
      r.protocol === protocol &&
      r.portRangeMin === min &&
      r.portRangeMax === max &&
      r.remoteIpPrefix === prefix &&
      r.remoteGroupId === (req.remoteGroupId ?? null)
  )
  if (same) {
    throw conflict(
      `Security group rule already exists. Rule id is ${same.id}.`,
      'SecurityGroupRuleExists'
    )
  }
  const rule = newRule(cloud.now().toISOString(), group.projectId, group.id, {
    direction: req.direction,
    ethertype,
    protocol,
    portRangeMin: min,
    portRangeMax: max,
    remoteIpPrefix: prefix,
    remoteGroupId: req.remoteGroupId ?? null,
    description: req.description ?? '',
  })
  data.securityGroupRules.push(rule)
  group.revisionNumber += 1
  cloud.state.save()
  return rule
}

export const deleteSecurityGroupRule = (cloud: DevCloud, actor: Actor, id: string): void => {
  const { data } = cloud.state
  const rule = data.securityGroupRules.find((r) => r.id === id && owns(actor, r.projectId))
  if (!rule) throw notFound(`Security group rule ${id} does not exist`, 'SecurityGroupRuleNotFound')
  data.securityGroupRules.splice(data.securityGroupRules.indexOf(rule), 1)
  cloud.state.save()
}
