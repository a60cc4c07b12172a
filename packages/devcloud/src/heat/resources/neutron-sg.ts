import { renderSecurityGroup } from '../../neutron/render'
import {
  createSecurityGroup,
  createSecurityGroupRule,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  findSecurityGroup,
  type RuleCreate,
} from '../../neutron/security-groups-service'
import { ignoreNotFound } from './failures'
import type { PropSchema } from './properties'
import { DONE, type ResourceRuntime, type ResourceType } from './types'

const num = (v: unknown) => (v === undefined || v === null ? null : Number(v))
const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v))

const RULE_SCHEMA: Record<string, PropSchema> = {
  direction: { type: 'string', default: 'ingress', allowed: ['ingress', 'egress'] },
  ethertype: { type: 'string', default: 'IPv4', allowed: ['IPv4', 'IPv6'] },
  port_range_min: { type: 'integer' },
  port_range_max: { type: 'integer' },
  protocol: { type: 'string' },
  remote_mode: {
    type: 'string',
    default: 'remote_ip_prefix',
    allowed: ['remote_ip_prefix', 'remote_group_id'],
  },
  remote_group_id: { type: 'string' },
  remote_ip_prefix: { type: 'string' },
  description: { type: 'string' },
}

const ruleOf = (groupId: string, r: Record<string, unknown>): RuleCreate => {
  const byGroup = r.remote_mode === 'remote_group_id'
  return {
    securityGroupId: groupId,
    direction: r.direction === 'egress' ? 'egress' : 'ingress',
    ethertype: r.ethertype === 'IPv6' ? 'IPv6' : 'IPv4',
    protocol: str(r.protocol),
    portRangeMin: num(r.port_range_min),
    portRangeMax: num(r.port_range_max),
    remoteIpPrefix: byGroup ? null : str(r.remote_ip_prefix),
    remoteGroupId: byGroup ? (str(r.remote_group_id) ?? groupId) : null,
    description: r.description === undefined ? undefined : String(r.description),
  }
}

/** Heat's rules replace the default "allow all egress" only when an egress rule is given. */
const applyRules = (rt: ResourceRuntime, groupId: string, rules: Record<string, unknown>[]) => {
  const { data } = rt.cloud.state
  if (rules.some((r) => r.direction === 'egress')) {
    for (const rule of data.securityGroupRules.filter(
      (x) => x.securityGroupId === groupId && x.direction === 'egress'
    )) {
      deleteSecurityGroupRule(rt.cloud, rt.actor, rule.id)
    }
  }
  for (const r of rules) createSecurityGroupRule(rt.cloud, rt.actor, ruleOf(groupId, r))
}

export const NeutronSecurityGroup: ResourceType = {
  client: 'neutron',
  properties: {
    name: { type: 'string', updatable: true },
    description: { type: 'string', updatable: true },
    rules: {
      type: 'list',
      default: [],
      updatable: true,
      items: { type: 'map', schema: RULE_SCHEMA },
    },
  },
  attributes: ['show'],
  create(rt, props) {
    const group = createSecurityGroup(rt.cloud, rt.actor, {
      name: props.name === undefined ? rt.physicalName() : String(props.name),
      description: props.description === undefined ? '' : String(props.description),
    })
    rt.resource.physicalId = group.id
    applyRules(rt, group.id, (props.rules ?? []) as Record<string, unknown>[])
    return DONE
  },
  update(rt, props) {
    const { data } = rt.cloud.state
    const group = data.securityGroups.find((g) => g.id === rt.resource.physicalId)
    if (!group) return 'replace'
    if (props.name !== undefined) group.name = String(props.name)
    if (props.description !== undefined) group.description = String(props.description)
    for (const rule of data.securityGroupRules.filter((x) => x.securityGroupId === group.id)) {
      deleteSecurityGroupRule(rt.cloud, rt.actor, rule.id)
    }
    const rules = (props.rules ?? []) as Record<string, unknown>[]
    if (!rules.some((r) => r.direction === 'egress')) {
      for (const ethertype of ['IPv4', 'IPv6'] as const) {
        createSecurityGroupRule(rt.cloud, rt.actor, {
          securityGroupId: group.id,
          direction: 'egress',
          ethertype,
        })
      }
    }
    applyRules(rt, group.id, rules)
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deleteSecurityGroup(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute(rt, name) {
    const { data } = rt.cloud.state
    const group = data.securityGroups.find((g) => g.id === rt.resource.physicalId)
    if (!group || name !== 'show') return null
    return renderSecurityGroup(
      group,
      data.securityGroupRules.filter((r) => r.securityGroupId === group.id)
    )
  },
}

export const NeutronSecurityGroupRule: ResourceType = {
  client: 'neutron',
  properties: {
    security_group: { type: 'string', required: true },
    ...RULE_SCHEMA,
    remote_group: { type: 'string' },
  },
  attributes: ['show'],
  create(rt, props) {
    const group = findSecurityGroup(rt.cloud, rt.actor, String(props.security_group))
    const remote = props.remote_group ?? props.remote_group_id
    const rule = createSecurityGroupRule(
      rt.cloud,
      rt.actor,
      ruleOf(group.id, {
        ...props,
        remote_group_id: remote
          ? findSecurityGroup(rt.cloud, rt.actor, String(remote)).id
          : undefined,
        remote_mode: remote ? 'remote_group_id' : 'remote_ip_prefix',
      })
    )
    rt.resource.physicalId = rule.id
    return DONE
  },
  delete(rt) {
    ignoreNotFound(() => deleteSecurityGroupRule(rt.cloud, rt.actor, rt.resource.physicalId))
    return DONE
  },
  attribute: () => null,
}
