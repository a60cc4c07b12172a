import type { Principal } from '../principal'
import { type MatchPart, type PolicyExpr, ruleReferences } from './ast'
import { PolicyCycleError, PolicyReferenceError } from './errors'

/** What oslo calls `creds`: Magnum's `RequestContext.to_dict()`, JSON-shaped. */
export type CredentialValue =
  | string
  | number
  | boolean
  | null
  | readonly CredentialValue[]
  | { readonly [key: string]: CredentialValue }
export type Credentials = { readonly [key: string]: CredentialValue }

/**
 * The object acted on, flattened: `project_id`, `user_id`, `trustee_user_id`, `trustee_domain_id`
 * … An attribute that is absent (or `undefined`) makes every check that substitutes it false,
 * as a `KeyError` does in oslo; `null` is Python's `None` and substitutes as the text `None`.
 */
export type TargetValue = string | number | boolean | null
export type Target = { readonly [key: string]: TargetValue | undefined }

export type RuleSet = ReadonlyMap<string, PolicyExpr>

export interface EvaluationInput {
  readonly rules: RuleSet
  readonly credentials: Credentials
  readonly target: Target
}

/** Python's `str()` of the scalars that reach a comparison. */
const pyStr = (v: TargetValue): string => {
  if (v === null) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  return String(v)
}

/** `match % target`; undefined when an attribute is missing (oslo's KeyError → the check fails). */
const substitute = (parts: readonly MatchPart[], target: Target): string | undefined => {
  let out = ''
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text
      continue
    }
    const value = Object.hasOwn(target, part.attr) ? target[part.attr] : undefined
    if (value === undefined) return undefined
    out += pyStr(value)
  }
  return out
}

const isList = (v: CredentialValue): v is readonly CredentialValue[] => Array.isArray(v)
const isRecord = (v: CredentialValue): v is { readonly [key: string]: CredentialValue } =>
  typeof v === 'object' && v !== null && !isList(v)
const isScalar = (v: CredentialValue): v is TargetValue => v === null || typeof v !== 'object'

/** oslo's `_find_in_dict`: walks the dotted path; a list on the way matches if any element does. */
const findInCredentials = (
  value: CredentialValue,
  path: readonly string[],
  match: string
): boolean => {
  if (isList(value)) return value.some((v) => findInCredentials(v, path, match))
  const [key, ...rest] = path
  if (key === undefined) return isScalar(value) && pyStr(value) === match
  if (!isRecord(value) || !Object.hasOwn(value, key)) return false
  const next = value[key]
  return next !== undefined && findInCredentials(next, rest, match)
}

const roleNames = (credentials: Credentials): string[] => {
  const roles = credentials.roles
  if (roles === undefined || !isList(roles)) return []
  return roles.filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase())
}

const evaluateIn = (expr: PolicyExpr, input: EvaluationInput, active: string[]): boolean => {
  switch (expr.type) {
    case 'always':
      return true
    case 'never':
      return false
    case 'not':
      return !evaluateIn(expr.operand, input, active)
    case 'and':
      return expr.operands.every((o) => evaluateIn(o, input, active))
    case 'or':
      return expr.operands.some((o) => evaluateIn(o, input, active))
    case 'role': {
      const role = substitute(expr.role, input.target)
      return role !== undefined && roleNames(input.credentials).includes(role.toLowerCase())
    }
    case 'generic': {
      const match = substitute(expr.match, input.target)
      if (match === undefined) return false
      if (expr.subject.kind === 'literal') return expr.subject.value === match
      return findInCredentials(input.credentials, expr.subject.path, match)
    }
    case 'rule': {
      const referenced = input.rules.get(expr.name)
      // Fails closed like oslo; validateRuleSet makes this unreachable for a loaded policy.
      if (referenced === undefined) return false
      if (active.includes(expr.name)) throw new PolicyCycleError([...active, expr.name])
      active.push(expr.name)
      try {
        return evaluateIn(referenced, input, active)
      } finally {
        active.pop()
      }
    }
  }
}

/**
 * Evaluates an expression, short-circuiting `and`/`or` left to right as oslo does.
 *
 * @example
 * evaluate(parseCheckString('role:reader and project_id:%(project_id)s'), {
 *   rules: new Map(), credentials: { roles: ['reader'], project_id: 'p1' }, target: { project_id: 'p1' },
 * }) // true
 */
export const evaluate = (expr: PolicyExpr, input: EvaluationInput): boolean =>
  evaluateIn(expr, input, [])

/**
 * Checks that every `rule:` reference resolves and that no rule reaches itself.
 *
 * @throws PolicyReferenceError for the first dangling reference
 * @throws PolicyCycleError for the first loop found
 */
export const validateRuleSet = (rules: RuleSet): void => {
  for (const [name, expr] of rules) {
    const missing = ruleReferences(expr).find((ref) => !rules.has(ref))
    if (missing !== undefined) throw new PolicyReferenceError(name, missing)
  }
  const done = new Set<string>()
  const visit = (name: string, path: string[]): void => {
    if (done.has(name)) return
    const at = path.indexOf(name)
    if (at >= 0) throw new PolicyCycleError([...path.slice(at), name])
    path.push(name)
    for (const ref of ruleReferences(rules.get(name) ?? { type: 'never' })) visit(ref, path)
    path.pop()
    done.add(name)
  }
  for (const name of rules.keys()) visit(name, [])
}

/** Magnum's `RequestContext.to_dict()` with `is_admin` still unknown (Python `None`). */
const baseCredentials = (p: Principal): Credentials => ({
  user_id: p.userId,
  user_name: p.userName ?? null,
  user_domain_id: p.userDomainId ?? null,
  // Magnum fills domain_id from X-User-Domain-Id; deny_cluster_user compares it to the trustee domain.
  domain_id: p.userDomainId ?? null,
  project_id: p.projectId,
  project_name: p.projectName ?? null,
  project_domain_id: p.projectDomainId ?? null,
  roles: p.roles,
  is_admin: null,
})

/**
 * The credentials oslo sees for a caller. As in Magnum's RequestContext, `is_admin` is the result
 * of the `context_is_admin` rule, evaluated against an empty target while `is_admin` is still None.
 */
export const credentialsFor = (principal: Principal, rules: RuleSet): Credentials => {
  const base = baseCredentials(principal)
  const rule = rules.get('context_is_admin')
  const isAdmin = rule !== undefined && evaluate(rule, { rules, credentials: base, target: {} })
  return { ...base, is_admin: isAdmin }
}
