import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Principal } from '../principal'
import { atomArbitrary, exprArbitrary, type Vocabulary } from './arbitraries'
import type { PolicyExpr } from './ast'
import { PolicyCycleError, PolicyReferenceError } from './errors'
import {
  type Credentials,
  credentialsFor,
  evaluate,
  type RuleSet,
  type Target,
  validateRuleSet,
} from './evaluate'
import { parseCheckString } from './parser'
import { printPolicy } from './printer'

const rulesOf = (entries: Record<string, string>): RuleSet =>
  new Map(Object.entries(entries).map(([name, text]) => [name, parseCheckString(text, name)]))

const NO_RULES: RuleSet = new Map()

const check = (
  text: string,
  credentials: Credentials,
  target: Target = {},
  rules: RuleSet = NO_RULES
): boolean => evaluate(parseCheckString(text), { rules, credentials, target })

describe('evaluate', () => {
  const creds: Credentials = {
    user_id: 'u1',
    project_id: 'p1',
    roles: ['Member', 'reader'],
    is_admin: false,
    domain_id: null,
    token: { user: { domain: { id: 'd1' } }, methods: ['password', 'totp'] },
  }

  it('matches roles case-insensitively, with target substitution', () => {
    expect(check('role:member', creds)).toBe(true)
    expect(check('role:READER', creds)).toBe(true)
    expect(check('role:admin', creds)).toBe(false)
    expect(check('role:%(wanted)s', creds, { wanted: 'reader' })).toBe(true)
    expect(check('role:%(wanted)s', creds, {})).toBe(false)
  })

  it('compares a credential with the substituted match', () => {
    expect(check('project_id:%(project_id)s', creds, { project_id: 'p1' })).toBe(true)
    expect(check('project_id:%(project_id)s', creds, { project_id: 'p2' })).toBe(false)
    expect(check('user_id:u1', creds)).toBe(true)
    expect(check('user_id:x-%(user)s', { user_id: 'x-u1' }, { user: 'u1' })).toBe(true)
  })

  it('fails a check whose target attribute is missing, as a KeyError does in oslo', () => {
    expect(check('project_id:%(project_id)s', creds, {})).toBe(false)
    expect(check('project_id:%(project_id)s', creds, { project_id: undefined })).toBe(false)
    expect(check('not project_id:%(project_id)s', creds, {})).toBe(true)
  })

  it("renders target values as Python's str() would", () => {
    expect(check('is_admin:%(flag)s', creds, { flag: false })).toBe(true)
    expect(check('True:%(enabled)s', creds, { enabled: true })).toBe(true)
    expect(check('True:%(enabled)s', creds, { enabled: 'true' })).toBe(false)
    expect(check('42:%(n)s', creds, { n: 42 })).toBe(true)
    // None on both sides compares equal, which is why Magnum must always know its trustee domain.
    expect(check('domain_id:%(trustee_domain_id)s', creds, { trustee_domain_id: null })).toBe(true)
    expect(check("'Member':%(r)s", creds, { r: 'Member' })).toBe(true)
  })

  it('walks dotted credential paths and matches any element of a list', () => {
    expect(check('token.user.domain.id:d1', creds)).toBe(true)
    expect(check('token.user.domain.id:d2', creds)).toBe(false)
    expect(check('token.methods:totp', creds)).toBe(true)
    expect(check('roles:reader', creds)).toBe(true)
    expect(check('token.nothing.here:x', creds)).toBe(false)
    expect(check('user_id.deeper:x', creds)).toBe(false)
    expect(check('token:x', creds)).toBe(false)
  })

  it('resolves rule references and fails closed on a rule that is not there', () => {
    const rules = rulesOf({
      owner: 'project_id:%(project_id)s',
      member: 'role:member and rule:owner',
    })
    expect(check('rule:member', creds, { project_id: 'p1' }, rules)).toBe(true)
    expect(check('rule:member', creds, { project_id: 'p2' }, rules)).toBe(false)
    expect(check('rule:absent or role:reader', creds, {}, rules)).toBe(true)
    expect(check('rule:absent', creds, {}, rules)).toBe(false)
  })

  it('throws on a cycle rather than recursing forever', () => {
    const rules = rulesOf({ a: 'rule:b', b: 'role:x or rule:a' })
    expect(() => check('rule:a', creds, {}, rules)).toThrow(PolicyCycleError)
  })
})

describe('validateRuleSet', () => {
  it('accepts a set whose references all resolve', () => {
    expect(() =>
      validateRuleSet(rulesOf({ a: 'rule:b and rule:c', b: 'rule:c', c: '@' }))
    ).not.toThrow()
  })

  it('names the rule and the missing reference', () => {
    const err = (() => {
      try {
        validateRuleSet(rulesOf({ a: 'role:x', b: 'rule:a or rule:nope' }))
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(PolicyReferenceError)
    expect(err).toMatchObject({ rule: 'b', missing: 'nope' })
  })

  it('reports the loop, including a rule that refers to itself', () => {
    const loop = (entries: Record<string, string>): readonly string[] | undefined => {
      try {
        validateRuleSet(rulesOf(entries))
      } catch (e) {
        if (e instanceof PolicyCycleError) return e.cycle
        throw e
      }
      return undefined
    }
    expect(loop({ a: 'rule:b', b: 'rule:c', c: 'not rule:a', d: '@' })).toEqual([
      'a',
      'b',
      'c',
      'a',
    ])
    expect(loop({ start: 'rule:x', x: 'rule:x' })).toEqual(['x', 'x'])
    expect(loop({ a: 'rule:b', b: '@' })).toBeUndefined()
  })
})

describe('credentialsFor', () => {
  const principal: Principal = {
    userId: 'u1',
    userDomainId: 'default',
    projectId: 'p1',
    roles: ['admin', 'member', 'reader'],
    authMethod: 'keystone',
  }

  it('builds Magnum context values, domain_id being the user domain', () => {
    const creds = credentialsFor(principal, rulesOf({ context_is_admin: 'role:admin' }))
    expect(creds).toMatchObject({
      user_id: 'u1',
      project_id: 'p1',
      domain_id: 'default',
      user_domain_id: 'default',
      project_name: null,
      roles: ['admin', 'member', 'reader'],
      is_admin: true,
    })
  })

  it('derives is_admin from context_is_admin, with is_admin itself still None', () => {
    const member = { ...principal, roles: ['member'] }
    expect(credentialsFor(member, rulesOf({ context_is_admin: 'role:admin' })).is_admin).toBe(false)
    expect(credentialsFor(member, rulesOf({ context_is_admin: 'role:member' })).is_admin).toBe(true)
    expect(credentialsFor(member, rulesOf({ context_is_admin: 'is_admin:None' })).is_admin).toBe(
      true
    )
    expect(credentialsFor(member, NO_RULES).is_admin).toBe(false)
  })
})

describe('evaluate agrees with boolean logic', () => {
  const ROLES = ['admin', 'member', 'reader']
  const VALUES = ['p1', 'p2', 'u1', 'True', 'None']
  const vocabulary: Vocabulary = {
    text: fc.constantFrom(...VALUES),
    attr: fc.constantFrom('project_id', 'user_id', 'flag', 'missing'),
    role: fc.constantFrom(...ROLES),
    credentialKey: fc.constantFrom('project_id', 'user_id', 'is_admin', 'roles'),
    ruleName: fc.constantFrom('is_member', 'owner'),
  }
  const rules = rulesOf({ is_member: 'role:member', owner: 'project_id:%(project_id)s' })
  const credentials: fc.Arbitrary<Credentials> = fc.record({
    user_id: fc.constantFrom(...VALUES),
    project_id: fc.constantFrom(...VALUES),
    is_admin: fc.boolean(),
    roles: fc.subarray(ROLES),
  })
  const target: fc.Arbitrary<Target> = fc.record(
    {
      project_id: fc.constantFrom(...VALUES),
      user_id: fc.constantFrom(...VALUES),
      flag: fc.oneof(fc.boolean(), fc.constant(null)),
    },
    { requiredKeys: [] }
  )
  const atom = atomArbitrary(vocabulary)
  const expr = exprArbitrary(atom)
  const run = (e: PolicyExpr, c: Credentials, t: Target) =>
    evaluate(e, { rules, credentials: c, target: t })
  const runText = (text: string, c: Credentials, t: Target) => run(parseCheckString(text), c, t)

  it('a and b, a or b, not a: written out and parsed', () => {
    fc.assert(
      fc.property(expr, expr, credentials, target, (a, b, c, t) => {
        const [ea, eb] = [run(a, c, t), run(b, c, t)]
        const [pa, pb] = [printPolicy(a), printPolicy(b)]
        expect(runText(`(${pa}) and (${pb})`, c, t)).toBe(ea && eb)
        expect(runText(`(${pa}) or (${pb})`, c, t)).toBe(ea || eb)
        expect(runText(`not (${pa})`, c, t)).toBe(!ea)
      }),
      { numRuns: 500 }
    )
  })

  it('precedence: a or b and not c means a or (b and (not c))', () => {
    fc.assert(
      fc.property(atom, atom, atom, credentials, target, (a, b, x, c, t) => {
        const [ea, eb, ex] = [run(a, c, t), run(b, c, t), run(x, c, t)]
        const text = `${printPolicy(a)} or ${printPolicy(b)} and not ${printPolicy(x)}`
        expect(runText(text, c, t)).toBe(ea || (eb && !ex))
      }),
      { numRuns: 500 }
    )
  })

  it('every tree: and/or/not nodes combine their children like JavaScript booleans', () => {
    const reference = (e: PolicyExpr, c: Credentials, t: Target): boolean => {
      switch (e.type) {
        case 'not':
          return !reference(e.operand, c, t)
        case 'and':
          return e.operands.map((o) => reference(o, c, t)).every(Boolean)
        case 'or':
          return e.operands.map((o) => reference(o, c, t)).some(Boolean)
        default:
          return run(e, c, t)
      }
    }
    fc.assert(
      fc.property(expr, credentials, target, (e, c, t) => {
        expect(run(e, c, t)).toBe(reference(e, c, t))
      }),
      { numRuns: 500 }
    )
  })
})
