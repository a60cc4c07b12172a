import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { atomArbitrary, exprArbitrary, syntaxVocabulary } from './arbitraries'
import type { PolicyExpr } from './ast'
import { PolicyParseError } from './errors'
import { MAX_NESTING, parseCheckString } from './parser'
import { printPolicy } from './printer'

const role = (name: string): PolicyExpr => ({ type: 'role', role: [{ kind: 'text', text: name }] })
const rule = (name: string): PolicyExpr => ({ type: 'rule', name })

const parseError = (text: string): PolicyParseError => {
  try {
    parseCheckString(text, 'some:rule')
  } catch (e) {
    if (e instanceof PolicyParseError) return e
    throw e
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`)
}

describe('parseCheckString', () => {
  it('reads the special checks, and the empty string as always', () => {
    expect(parseCheckString('')).toEqual({ type: 'always' })
    expect(parseCheckString('@')).toEqual({ type: 'always' })
    expect(parseCheckString('!')).toEqual({ type: 'never' })
  })

  it('reads rule, role and generic checks with substitutions', () => {
    expect(parseCheckString('rule:admin_or_owner')).toEqual(rule('admin_or_owner'))
    expect(parseCheckString('role:admin')).toEqual(role('admin'))
    expect(parseCheckString('project_id:%(project_id)s')).toEqual({
      type: 'generic',
      subject: { kind: 'credential', path: ['project_id'] },
      match: [{ kind: 'target', attr: 'project_id' }],
    })
    expect(parseCheckString('token.user.domain:x-%(a.b)s%%')).toEqual({
      type: 'generic',
      subject: { kind: 'credential', path: ['token', 'user', 'domain'] },
      match: [
        { kind: 'text', text: 'x-' },
        { kind: 'target', attr: 'a.b' },
        { kind: 'text', text: '%' },
      ],
    })
  })

  it('splits only at the first colon, as oslo does', () => {
    expect(parseCheckString('rule:cluster:create')).toEqual(rule('cluster:create'))
    expect(parseCheckString('role:compute:admin')).toEqual(role('compute:admin'))
  })

  it('reads Python literals on the left of a generic check', () => {
    const subjectOf = (text: string) => {
      const e = parseCheckString(text)
      return e.type === 'generic' ? e.subject : undefined
    }
    expect(subjectOf('True:%(enabled)s')).toEqual({ kind: 'literal', value: 'True' })
    expect(subjectOf('None:%(x)s')).toEqual({ kind: 'literal', value: 'None' })
    expect(subjectOf("'Member':%(role.name)s")).toEqual({ kind: 'literal', value: 'Member' })
    expect(subjectOf('"Member":%(r)s')).toEqual({ kind: 'literal', value: 'Member' })
    expect(subjectOf('-0:%(n)s')).toEqual({ kind: 'literal', value: '0' })
    expect(subjectOf('42:%(n)s')).toEqual({ kind: 'literal', value: '42' })
    expect(subjectOf('is_admin:True')).toEqual({ kind: 'credential', path: ['is_admin'] })
  })

  it('binds not tighter than and, and and tighter than or', () => {
    expect(parseCheckString('role:a or role:b and role:c')).toEqual({
      type: 'or',
      operands: [role('a'), { type: 'and', operands: [role('b'), role('c')] }],
    })
    expect(parseCheckString('not role:a and role:b')).toEqual({
      type: 'and',
      operands: [{ type: 'not', operand: role('a') }, role('b')],
    })
    expect(parseCheckString('role:a and role:b or role:c and not not role:d')).toEqual({
      type: 'or',
      operands: [
        { type: 'and', operands: [role('a'), role('b')] },
        {
          type: 'and',
          operands: [role('c'), { type: 'not', operand: { type: 'not', operand: role('d') } }],
        },
      ],
    })
    expect(parseCheckString('role:a or role:b or role:c')).toEqual({
      type: 'or',
      operands: [role('a'), role('b'), role('c')],
    })
  })

  it('groups with parentheses, attached to checks or standing alone', () => {
    const expected: PolicyExpr = {
      type: 'and',
      operands: [{ type: 'or', operands: [role('a'), role('b')] }, role('c')],
    }
    expect(parseCheckString('(role:a or role:b) and role:c')).toEqual(expected)
    expect(parseCheckString('( role:a or role:b ) and role:c')).toEqual(expected)
    expect(parseCheckString('((role:a or role:b)) and (role:c)')).toEqual(expected)
    expect(parseCheckString('not (role:a or role:b)')).toEqual({
      type: 'not',
      operand: { type: 'or', operands: [role('a'), role('b')] },
    })
    // A substitution's parentheses are inside the word, so they are not grouping.
    expect(parseCheckString('(project_id:%(project_id)s)')).toEqual(
      parseCheckString('project_id:%(project_id)s')
    )
  })

  it('accepts keywords in any case', () => {
    expect(parseCheckString('NOT role:a AND role:b Or role:c')).toEqual(
      parseCheckString('not role:a and role:b or role:c')
    )
  })

  it.each([
    ['role:admin and', 14, 'text ended'],
    ['and role:a', 0, 'found "and"'],
    ['(role:a', 7, 'never closed'],
    ['role:a)', 6, 'unbalanced ")"'],
    ['role:a role:b', 7, 'expected "and", "or" or the end'],
    ['admin', 0, 'is not a check'],
    ['role:a or ()', 11, 'found ")"'],
    ["role:a or 'quoted'", 10, 'quoted string'],
    ['role:', 5, 'needs a role name'],
    ['rule:', 5, 'needs a rule name'],
    [':x', 0, 'kind before ":"'],
    ['x.:y', 0, 'credential path'],
    ["'abc:x", 0, 'quoted literal'],
    ['project_id:%(project_id)d', 11, 'substitution'],
    ['a:b and c:50%', 12, 'substitution'],
    ['http://policy.example/check', 0, 'not supported'],
    ['   ', 0, 'blank'],
  ])('rejects %j at position %i', (text, position, reason) => {
    const err = parseError(text)
    expect(err.position).toBe(position)
    expect(err.reason).toContain(reason)
    expect(err.rule).toBe('some:rule')
    expect(err.message).toContain('"some:rule"')
    expect(err.message).toContain(`position ${position}`)
  })

  it('bounds nesting so hostile input cannot exhaust the stack', () => {
    const ok = `${'('.repeat(MAX_NESTING)}role:a${')'.repeat(MAX_NESTING)}`
    expect(parseCheckString(ok)).toEqual(role('a'))
    expect(
      parseError(`${'('.repeat(MAX_NESTING + 1)}role:a${')'.repeat(MAX_NESTING + 1)}`).reason
    ).toContain('nested')
    expect(parseError(`${'not '.repeat(10_000)}@`).reason).toContain('nested')
  })
})

describe('printPolicy', () => {
  it('prints minimal, regroup-proof parentheses', () => {
    const nested: PolicyExpr = {
      type: 'and',
      operands: [
        { type: 'and', operands: [role('a'), role('b')] },
        { type: 'or', operands: [role('c'), role('d')] },
      ],
    }
    expect(printPolicy(nested)).toBe('(role:a and role:b) and (role:c or role:d)')
    // Quoting with ' here would make the whole word a bare string token.
    expect(printPolicy(parseCheckString('"Member":x\''))).toBe('"Member":x\'')
    expect(printPolicy(parseCheckString('"Member":x'))).toBe("'Member':x")
  })

  it('round-trips: parsing a printed tree gives the same tree', () => {
    fc.assert(
      fc.property(exprArbitrary(atomArbitrary(syntaxVocabulary)), (expr) => {
        expect(parseCheckString(printPolicy(expr))).toEqual(expr)
      }),
      { numRuns: 500 }
    )
  })

  it('round-trips the other way on text the printer produced', () => {
    fc.assert(
      fc.property(exprArbitrary(atomArbitrary(syntaxVocabulary)), (expr) => {
        const text = printPolicy(expr)
        expect(printPolicy(parseCheckString(text))).toBe(text)
      })
    )
  })
})

describe('parseCheckString on arbitrary text', () => {
  const policyish = fc.string({
    unit: fc.constantFrom(
      ...'()\'"%:@!. \tandortAND_sx'.split(''),
      ' and ',
      ' or ',
      ' not ',
      'rule:',
      'role:',
      '%(',
      ')s'
    ),
    maxLength: 40,
  })

  it('either parses or throws a PolicyParseError with a position inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(policyish, fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        try {
          parseCheckString(text, 'r')
        } catch (e) {
          expect(e).toBeInstanceOf(PolicyParseError)
          const err = e as PolicyParseError
          expect(err.position).toBeGreaterThanOrEqual(0)
          expect(err.position).toBeLessThanOrEqual(text.length)
          expect(err.expression).toBe(text)
        }
      }),
      { numRuns: 2000 }
    )
  })
})
