import { describe, expect, it } from 'vitest'
import { ErrorKind, PolicyNotAuthorizedError } from '../errors'
import type { Principal } from '../principal'
import type { DefaultsName } from './defaults'
import {
  PolicyCycleError,
  PolicyFileError,
  PolicyParseError,
  PolicyReferenceError,
  UnknownPolicyRuleError,
} from './errors'
import type { Target } from './evaluate'
import { createPolicy } from './policy'
import { parsePolicyFile } from './policy-file'

const TRUSTEE_DOMAIN = 'trustee-domain'

const person = (userId: string, projectId: string, roles: string[]): Principal => ({
  userId,
  userDomainId: 'default',
  projectId,
  roles,
  authMethod: 'keystone',
})

const admin = person('u-admin', 'p-admin', ['admin', 'member', 'reader'])
const creator = person('u1', 'p1', ['member', 'reader'])
const teammate = person('u2', 'p1', ['member', 'reader'])
const reader = person('u3', 'p1', ['reader'])
const roleless = person('u4', 'p1', [])
const outsider = person('u5', 'p2', ['member', 'reader'])
/** What a cluster's nodes authenticate as: a trust-scoped user in the trustee domain. */
const trustee: Principal = {
  ...person('trustee-1', 'p1', ['member', 'reader']),
  userDomainId: TRUSTEE_DOMAIN,
}

/** A cluster of project p1 created by u1. */
const cluster: Target = { project_id: 'p1', user_id: 'u1', trustee_user_id: 'trustee-1' }

const policyFor = (defaults: DefaultsName, overrides?: Record<string, string>) =>
  createPolicy({ defaults, trusteeDomainId: TRUSTEE_DOMAIN, ...(overrides ? { overrides } : {}) })

const zed = policyFor('zed')
const rbac = policyFor('secure-rbac')

describe.each([
  ['zed', zed],
  ['secure-rbac', rbac],
] as const)('%s defaults', (_, policy) => {
  it('lets only administrators publish templates', () => {
    for (const rule of ['clustertemplate:publish', 'baymodel:publish']) {
      expect(policy.check(rule, admin, { project_id: 'p1' })).toBe(true)
      for (const p of [creator, reader, trustee])
        expect(policy.check(rule, p, { project_id: p.projectId })).toBe(false)
    }
  })

  it('keeps every *_all_projects rule for administrators', () => {
    const rules = policy.listRules().filter((r) => r.name.endsWith('_all_projects'))
    expect(rules.length).toBe(14)
    for (const { name } of rules) {
      expect(policy.check(name, admin, cluster)).toBe(true)
      for (const p of [creator, reader, outsider, trustee])
        expect(policy.check(name, p, cluster)).toBe(false)
    }
  })

  it('lets only administrators list quotas or manage them, and list services', () => {
    for (const rule of [
      'quota:get_all',
      'quota:create',
      'quota:update',
      'quota:delete',
      'magnum-service:get_all',
    ]) {
      expect(policy.check(rule, admin, { project_id: 'p1' })).toBe(true)
      expect(policy.check(rule, creator, { project_id: 'p1' })).toBe(false)
    }
  })

  it('shows a project its own quota and stats only', () => {
    for (const rule of ['quota:get', 'stats:get_all']) {
      expect(policy.check(rule, creator, { project_id: 'p1' })).toBe(true)
      expect(policy.check(rule, outsider, { project_id: 'p1' })).toBe(false)
      expect(policy.check(rule, admin, { project_id: 'p1' })).toBe(true)
    }
  })

  it("serves a cluster's CA and signs certificates for its creator and its trustee only", () => {
    for (const rule of ['certificate:get', 'certificate:create']) {
      expect(policy.check(rule, creator, cluster)).toBe(true)
      expect(policy.check(rule, trustee, cluster)).toBe(true)
      expect(policy.check(rule, admin, cluster)).toBe(true)
      expect(policy.check(rule, teammate, cluster)).toBe(false)
      expect(policy.check(rule, outsider, { ...cluster, project_id: 'p2' })).toBe(false)
    }
  })

  it("lets the cluster's trustee report health but not create or change clusters", () => {
    expect(policy.check('cluster:update_health_status', trustee, cluster)).toBe(true)
    expect(policy.check('cluster:update_health_status', teammate, cluster)).toBe(false)
    for (const rule of [
      'cluster:create',
      'cluster:update',
      'cluster:delete',
      'clustertemplate:create',
    ]) {
      expect(policy.check(rule, trustee, cluster)).toBe(false)
    }
  })

  it('limits template changes and node groups to the owning project', () => {
    for (const rule of [
      'clustertemplate:update',
      'clustertemplate:delete',
      'nodegroup:create',
      'nodegroup:get',
    ]) {
      expect(policy.check(rule, creator, { project_id: 'p1' })).toBe(true)
      expect(policy.check(rule, outsider, { project_id: 'p1' })).toBe(false)
      expect(policy.check(rule, admin, { project_id: 'p1' })).toBe(true)
    }
  })
})

describe('zed defaults', () => {
  it('let any user who is not a trustee create and read, whatever their roles', () => {
    for (const rule of [
      'cluster:create',
      'cluster:get_all',
      'clustertemplate:create',
      'federation:create',
      'bay:create',
    ]) {
      for (const p of [roleless, reader, creator, outsider]) expect(zed.check(rule, p)).toBe(true)
      expect(zed.check(rule, trustee)).toBe(false)
    }
  })

  it('treat is_admin:True as the context_is_admin rule', () => {
    expect(zed.check('admin_or_owner', admin, { project_id: 'elsewhere' })).toBe(true)
    const custom = policyFor('zed', { context_is_admin: 'role:cloud_admin' })
    expect(custom.check('admin_or_owner', admin, { project_id: 'elsewhere' })).toBe(false)
    const cloudAdmin = person('ca', 'px', ['cloud_admin'])
    expect(custom.check('clustertemplate:update', cloudAdmin, { project_id: 'elsewhere' })).toBe(
      true
    )
  })
})

describe('secure-rbac defaults', () => {
  const own = { project_id: 'p1', user_id: 'u1' }

  it('let a reader read but not create, update or delete', () => {
    for (const rule of [
      'cluster:get',
      'cluster:get_all',
      'cluster:detail',
      'clustertemplate:get_all',
      'nodegroup:get_all',
      'federation:get',
    ]) {
      expect(rbac.check(rule, reader, own)).toBe(true)
    }
    for (const rule of [
      'cluster:create',
      'cluster:update',
      'cluster:delete',
      'cluster:resize',
      'clustertemplate:create',
      'nodegroup:create',
      'certificate:rotate_ca',
      'credential:rotate',
    ]) {
      expect(rbac.check(rule, reader, own)).toBe(false)
      expect(rbac.check(rule, creator, own)).toBe(true)
    }
  })

  it('deny a user without roles, and a member of another project', () => {
    expect(rbac.check('cluster:get', roleless, own)).toBe(false)
    expect(rbac.check('cluster:get', outsider, own)).toBe(false)
  })

  it('leave credential rotation to project members, not administrators of other projects', () => {
    expect(rbac.check('credential:rotate', admin, own)).toBe(false)
    expect(rbac.check('credential:rotate', teammate, own)).toBe(true)
  })

  it('decide bays and baymodels as clusters and templates', () => {
    const people = [admin, creator, reader, roleless, outsider, trustee]
    for (const [legacy, current] of [
      ['bay', 'cluster'],
      ['baymodel', 'clustertemplate'],
    ]) {
      for (const action of ['create', 'delete', 'detail', 'get', 'get_all', 'update']) {
        for (const p of people) {
          expect(rbac.check(`${legacy}:${action}`, p, cluster)).toBe(
            rbac.check(`${current}:${action}`, p, cluster)
          )
        }
      }
    }
  })
})

describe('Policy.check and Policy.enforce', () => {
  it("enforce throws Magnum's PolicyNotAuthorized, word for word", () => {
    expect(() => rbac.enforce('cluster:create', reader, { project_id: 'p1' })).toThrow(
      "Policy doesn't allow cluster:create to be performed."
    )
    const err = (() => {
      try {
        rbac.enforce('quota:get_all', creator)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(PolicyNotAuthorizedError)
    expect(err).toMatchObject({ kind: ErrorKind.Forbidden, rule: 'quota:get_all' })
    expect(() => rbac.enforce('cluster:create', creator, { project_id: 'p1' })).not.toThrow()
  })

  it('denies an unknown rule, and enforce reports it as a programming error', () => {
    expect(rbac.check('cluster:craete', admin)).toBe(false)
    expect(rbac.hasRule('cluster:craete')).toBe(false)
    expect(() => rbac.enforce('cluster:craete', admin)).toThrow(UnknownPolicyRuleError)
    expect(() => rbac.enforce('cluster:craete', admin)).not.toThrow(PolicyNotAuthorizedError)
  })

  it("defaults the target to the caller's own project and user, as Magnum does", () => {
    expect(rbac.check('cluster:create', creator)).toBe(true)
    expect(rbac.check('certificate:get', creator)).toBe(true)
  })

  it('always writes the configured trustee domain into the target', () => {
    expect(zed.check('cluster:create', trustee, { ...cluster, trustee_domain_id: 'forged' })).toBe(
      false
    )
    const unconfigured = createPolicy({ defaults: 'zed' })
    expect(unconfigured.check('cluster:create', trustee, { trustee_domain_id: 'other' })).toBe(true)
    expect(
      unconfigured.check('cluster:create', trustee, { trustee_domain_id: TRUSTEE_DOMAIN })
    ).toBe(false)
  })
})

describe('overrides', () => {
  const yaml = [
    '# Template publishers may publish, as well as admins.',
    '"template_publisher": "role:template_publisher"',
    '"clustertemplate:publish": "rule:admin_api or rule:template_publisher"',
    '"cluster:create": "rule:admin_or_owner and not role:suspended"',
  ].join('\n')

  it('replace defaults by name and may add helper rules', () => {
    const policy = policyFor('zed', parsePolicyFile(yaml))
    const publisher = person('u9', 'p1', ['member', 'template_publisher'])
    expect(policy.check('clustertemplate:publish', publisher, { project_id: 'p1' })).toBe(true)
    expect(policy.check('clustertemplate:publish', creator, { project_id: 'p1' })).toBe(false)
    expect(policy.check('cluster:create', creator)).toBe(true)
    expect(policy.check('cluster:create', { ...creator, roles: ['member', 'suspended'] })).toBe(
      false
    )
    // Untouched defaults still apply.
    expect(policy.check('quota:get_all', creator)).toBe(false)
  })

  it('show up in listRules', () => {
    const rules = policyFor('zed', parsePolicyFile(yaml)).listRules()
    expect(rules.find((r) => r.name === 'clustertemplate:publish')).toMatchObject({
      checkString: 'rule:admin_api or rule:template_publisher',
      defaultCheckString: 'rule:admin_api',
      overridden: true,
      operations: [
        { method: 'POST', path: '/v1/clustertemplates' },
        { method: 'PATCH', path: '/v1/clustertemplates/{clustertemplate_ident}' },
      ],
    })
    expect(rules.find((r) => r.name === 'template_publisher')).toMatchObject({
      defaultCheckString: undefined,
      overridden: false,
      operations: [],
    })
    expect(rules.find((r) => r.name === 'quota:get')).toMatchObject({ overridden: false })
    expect(rules.at(-1)?.name).toBe('template_publisher')
  })

  it('fail to load when a reference dangles, rules loop, or syntax is wrong', () => {
    expect(() => policyFor('zed', { 'cluster:create': 'rule:no_such_rule' })).toThrow(
      PolicyReferenceError
    )
    expect(() =>
      policyFor('zed', { helper: 'rule:context_is_admin', context_is_admin: 'rule:helper' })
    ).toThrow(PolicyCycleError)
    expect(() => policyFor('secure-rbac', { 'cluster:get': 'role:reader and' })).toThrow(
      /policy rule "cluster:get" at position 15/
    )
  })
})

describe('parsePolicyFile', () => {
  it('reads YAML and JSON mappings', () => {
    expect(parsePolicyFile('"a": "role:x"\nb: ""\n')).toEqual({ a: 'role:x', b: '' })
    expect(parsePolicyFile('{"cluster:create": "rule:admin_api", "c": "@"}')).toEqual({
      'cluster:create': 'rule:admin_api',
      c: '@',
    })
  })

  it('treats an empty or comment-only file as no overrides', () => {
    expect(parsePolicyFile('')).toEqual({})
    expect(parsePolicyFile('# "cluster:create": "rule:deny_cluster_user"\n')).toEqual({})
  })

  it.each([
    ['- role:admin', 'expected a mapping'],
    ['a: true', 'a: the check string must be a string'],
    ['a:\n', 'a: the check string must be a string'],
    ['a: [role:x]', 'a: the check string must be a string'],
    ['"a": "x"\n"a": "y"', 'not valid YAML or JSON'],
    ['{"a": ', 'not valid YAML or JSON'],
    ['"": "@"', 'rule name must not be empty'],
  ])('rejects %j', (text, message) => {
    expect(() => parsePolicyFile(text)).toThrow(PolicyFileError)
    expect(() => parsePolicyFile(text)).toThrow(message)
  })

  it('parses each check string so syntax errors name their rule', () => {
    expect(() => parsePolicyFile('"cluster:create": "role:admin or or role:member"')).toThrow(
      PolicyParseError
    )
    expect(() => parsePolicyFile('"cluster:create": "role:admin or or role:member"')).toThrow(
      /"cluster:create" at position 14/
    )
  })
})
