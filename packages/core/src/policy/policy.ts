import { PolicyNotAuthorizedError } from '../errors'
import type { Principal } from '../principal'
import type { PolicyExpr } from './ast'
import { type DefaultsName, defaultRules, type Operation } from './defaults'
import { UnknownPolicyRuleError } from './errors'
import { credentialsFor, evaluate, type Target, validateRuleSet } from './evaluate'
import { parseCheckString } from './parser'

export interface PolicyOptions {
  readonly defaults: DefaultsName
  /** Rule name → check string, e.g. from parsePolicyFile (./policy-file). Replaces defaults by name. */
  readonly overrides?: Readonly<Record<string, string>>
  /**
   * The Keystone domain that holds cluster trustee users. Like Magnum, it is written into every
   * target as `trustee_domain_id`, which is what `deny_cluster_user` compares against.
   */
  readonly trusteeDomainId?: string
}

export interface PolicyRuleInfo {
  readonly name: string
  /** The check string in force. */
  readonly checkString: string
  /** The profile's default, or undefined for a rule the operator added. */
  readonly defaultCheckString: string | undefined
  readonly overridden: boolean
  readonly description: string | undefined
  readonly operations: readonly Operation[]
}

export interface Policy {
  readonly defaults: DefaultsName
  /**
   * Whether the rule allows the principal to act on the target. Without a target, Magnum's default
   * is used: the caller's own project and user. An unknown rule is denied.
   */
  check(rule: string, principal: Principal, target?: Target): boolean
  /**
   * Like {@link Policy.check} but throws.
   *
   * @throws PolicyNotAuthorizedError (403) when the rule denies
   * @throws UnknownPolicyRuleError when the rule does not exist (a bug in the caller)
   */
  enforce(rule: string, principal: Principal, target?: Target): void
  hasRule(rule: string): boolean
  /** Every rule in force, defaults first in their documented order, then custom rules. */
  listRules(): readonly PolicyRuleInfo[]
}

/**
 * Builds the policy from a profile's defaults and the operator's overrides. Every check string is
 * parsed and every reference resolved here, so a broken policy stops the service at start.
 *
 * @throws PolicyParseError, PolicyReferenceError or PolicyCycleError
 * @example
 * const policy = createPolicy({ defaults: 'secure-rbac', overrides: parsePolicyFile(text) })
 * policy.enforce('cluster:create', principal, { project_id: principal.projectId })
 */
export const createPolicy = (options: PolicyOptions): Policy => {
  const overrides = options.overrides ?? {}
  const defaults = defaultRules(options.defaults)
  const infos: PolicyRuleInfo[] = defaults.map((d) => {
    const override = Object.hasOwn(overrides, d.name) ? overrides[d.name] : undefined
    return {
      name: d.name,
      checkString: override ?? d.check,
      defaultCheckString: d.check,
      overridden: override !== undefined && override !== d.check,
      description: d.description,
      operations: d.operations,
    }
  })
  const known = new Set(defaults.map((d) => d.name))
  for (const [name, check] of Object.entries(overrides)) {
    if (known.has(name)) continue
    infos.push({
      name,
      checkString: check,
      defaultCheckString: undefined,
      overridden: false,
      description: undefined,
      operations: [],
    })
  }

  const rules = new Map<string, PolicyExpr>(
    infos.map((i) => [i.name, parseCheckString(i.checkString, i.name)])
  )
  validateRuleSet(rules)
  Object.freeze(infos)

  const targetFor = (principal: Principal, target: Target | undefined): Target => {
    const t = target ?? { project_id: principal.projectId, user_id: principal.userId }
    return options.trusteeDomainId === undefined
      ? t
      : { ...t, trustee_domain_id: options.trusteeDomainId }
  }

  const check = (rule: string, principal: Principal, target?: Target): boolean => {
    const expr = rules.get(rule)
    if (expr === undefined) return false
    const credentials = credentialsFor(principal, rules)
    return evaluate(expr, { rules, credentials, target: targetFor(principal, target) })
  }

  return {
    defaults: options.defaults,
    check,
    enforce(rule, principal, target) {
      if (!rules.has(rule)) throw new UnknownPolicyRuleError(rule)
      if (!check(rule, principal, target)) throw new PolicyNotAuthorizedError(rule)
    },
    hasRule: (rule) => rules.has(rule),
    listRules: () => infos,
  }
}
