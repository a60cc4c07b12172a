import { describe, expect, it } from 'vitest'
import { API_RULES } from './api-rules'
import { DEFAULTS_NAMES, defaultRules } from './defaults'
import { validateRuleSet } from './evaluate'
import { parseCheckString } from './parser'

const names = (profile: (typeof DEFAULTS_NAMES)[number]) => defaultRules(profile).map((r) => r.name)
const checkOf = (profile: (typeof DEFAULTS_NAMES)[number], name: string) =>
  defaultRules(profile).find((r) => r.name === name)?.check

describe('defaultRules', () => {
  it.each(DEFAULTS_NAMES)(
    '%s: every check string parses and every reference resolves',
    (profile) => {
      const rules = new Map(
        defaultRules(profile).map((r) => [r.name, parseCheckString(r.check, r.name)])
      )
      expect(rules.size).toBe(defaultRules(profile).length)
      expect(() => validateRuleSet(rules)).not.toThrow()
    }
  )

  it('zed carries exactly the base rules of Magnum 15', () => {
    const base = defaultRules('zed').filter((r) => r.operations.length === 0)
    expect(Object.fromEntries(base.map((r) => [r.name, r.check]))).toEqual({
      context_is_admin: 'role:admin',
      admin_or_owner: 'is_admin:True or project_id:%(project_id)s',
      admin_api: 'rule:context_is_admin',
      admin_or_user: 'is_admin:True or user_id:%(user_id)s',
      cluster_user: 'user_id:%(trustee_user_id)s',
      deny_cluster_user: 'not domain_id:%(trustee_domain_id)s',
    })
  })

  it('both profiles define the same API rules, each with documented operations', () => {
    const api = (profile: (typeof DEFAULTS_NAMES)[number]) =>
      defaultRules(profile).filter((r) => r.operations.length > 0)
    expect(api('zed').map((r) => r.name)).toEqual(api('secure-rbac').map((r) => r.name))
    expect(api('zed')).toHaveLength(API_RULES.length)
    for (const rule of api('zed')) {
      for (const op of rule.operations) expect(op.path).toMatch(/^\/v1\/[a-z]/)
    }
  })

  it('has the *_all_projects rules Magnum has, and only those, plus Berth’s audit one', () => {
    const allProjects = names('zed').filter((n) => n.endsWith('_all_projects'))
    expect(allProjects.sort()).toEqual(
      [
        'audit:get_all_all_projects',
        'cluster:delete_all_projects',
        'cluster:detail_all_projects',
        'cluster:get_all_all_projects',
        'cluster:get_one_all_projects',
        'cluster:update_all_projects',
        'cluster:upgrade_all_projects',
        'clustertemplate:delete_all_projects',
        'clustertemplate:detail_all_projects',
        'clustertemplate:get_all_all_projects',
        'clustertemplate:get_one_all_projects',
        'clustertemplate:update_all_projects',
        'nodegroup:get_all_all_projects',
        'nodegroup:get_one_all_projects',
      ].sort()
    )
  })

  it('names every rule once', () => {
    for (const profile of DEFAULTS_NAMES)
      expect(new Set(names(profile)).size).toBe(names(profile).length)
  })

  it('keeps the defaults that users run into', () => {
    expect(checkOf('zed', 'clustertemplate:publish')).toBe('rule:admin_api')
    expect(checkOf('secure-rbac', 'clustertemplate:publish')).toBe('rule:context_is_admin')
    expect(checkOf('zed', 'cluster:create')).toBe('rule:deny_cluster_user')
    expect(checkOf('secure-rbac', 'cluster:create')).toBe(
      'rule:admin_or_project_member_deny_cluster_user'
    )
    expect(checkOf('zed', 'certificate:get')).toBe('rule:admin_or_user or rule:cluster_user')
    expect(checkOf('secure-rbac', 'credential:rotate')).toBe(
      'rule:project_member_deny_cluster_user'
    )
  })

  it('under secure RBAC, bays and baymodels follow clusters and cluster templates', () => {
    for (const action of ['create', 'delete', 'detail', 'get', 'get_all', 'update']) {
      expect(checkOf('secure-rbac', `bay:${action}`)).toBe(
        checkOf('secure-rbac', `cluster:${action}`)
      )
      expect(checkOf('secure-rbac', `baymodel:${action}`)).toBe(
        checkOf('secure-rbac', `clustertemplate:${action}`)
      )
    }
    expect(checkOf('secure-rbac', 'baymodel:publish')).toBe(
      checkOf('secure-rbac', 'clustertemplate:publish')
    )
  })
})
