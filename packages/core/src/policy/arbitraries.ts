import fc from 'fast-check'
import type { CheckSubject, MatchPart, PolicyExpr } from './ast'

/**
 * fast-check generators for policy trees, shared by the parser and evaluator tests. They produce
 * exactly the trees the parser can produce (merged text parts, no empty role, no keyword kinds).
 */

const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/)
const RESERVED_KINDS = new Set(['rule', 'role', 'http', 'https'])

/** Adjacent text parts merged and empty ones dropped, as the parser leaves them. */
export const normalizeParts = (parts: readonly MatchPart[]): MatchPart[] => {
  const out: MatchPart[] = []
  for (const p of parts) {
    const last = out.at(-1)
    if (p.kind === 'text' && p.text === '') continue
    if (p.kind === 'text' && last?.kind === 'text') {
      out[out.length - 1] = { kind: 'text', text: last.text + p.text }
    } else out.push(p)
  }
  return out
}

export interface Vocabulary {
  readonly text: fc.Arbitrary<string>
  readonly attr: fc.Arbitrary<string>
  readonly role: fc.Arbitrary<string>
  readonly credentialKey: fc.Arbitrary<string>
  readonly ruleName: fc.Arbitrary<string>
}

/** Wide vocabulary: anything the grammar allows inside a check, to exercise the printer. */
export const syntaxVocabulary: Vocabulary = {
  text: fc.stringMatching(/^[A-Za-z0-9_%:.()@!-]{1,8}$/).filter((t) => !t.endsWith(')')),
  attr: fc.stringMatching(/^[a-z_][a-z0-9_.]{0,8}$/),
  role: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_:-]{0,8}$/),
  credentialKey: ident,
  ruleName: fc.stringMatching(/^[a-z_][a-z0-9_:.-]{0,10}$/),
}

const matchParts = (
  v: Vocabulary,
  text: fc.Arbitrary<string>,
  minLength: number
): fc.Arbitrary<MatchPart[]> =>
  fc
    .array(
      fc.oneof(
        text.map((text): MatchPart => ({ kind: 'text', text })),
        v.attr.map((attr): MatchPart => ({ kind: 'target', attr }))
      ),
      { minLength, maxLength: 3 }
    )
    .map(normalizeParts)
    .filter((parts) => parts.length >= minLength && !endsWithCloseParen(parts))

const endsWithCloseParen = (parts: readonly MatchPart[]): boolean => {
  const last = parts.at(-1)
  return last?.kind === 'text' && last.text.endsWith(')')
}

const subject = (v: Vocabulary): fc.Arbitrary<CheckSubject> =>
  fc.oneof(
    fc
      .constantFrom('True', 'False', 'None', '0', '42', '-7')
      .map((value): CheckSubject => ({ kind: 'literal', value })),
    fc
      .stringMatching(/^[A-Za-z0-9_]{1,6}$/)
      .map((value): CheckSubject => ({ kind: 'literal', value })),
    fc
      .array(v.credentialKey, { minLength: 1, maxLength: 3 })
      .filter((path) => !RESERVED_KINDS.has(path.join('.')))
      .map((path): CheckSubject => ({ kind: 'credential', path }))
  )

export const atomArbitrary = (v: Vocabulary): fc.Arbitrary<PolicyExpr> =>
  fc.oneof(
    fc.constant<PolicyExpr>({ type: 'always' }),
    fc.constant<PolicyExpr>({ type: 'never' }),
    v.ruleName.map((name): PolicyExpr => ({ type: 'rule', name })),
    matchParts(v, v.role, 1).map((role): PolicyExpr => ({ type: 'role', role })),
    fc
      .record({ subject: subject(v), match: matchParts(v, v.text, 0) })
      .map(({ subject, match }): PolicyExpr => ({ type: 'generic', subject, match }))
  )

/** Trees of bounded depth over the given atoms. */
export const exprArbitrary = (atom: fc.Arbitrary<PolicyExpr>): fc.Arbitrary<PolicyExpr> =>
  fc.letrec<{ expr: PolicyExpr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      tie('expr').map((operand): PolicyExpr => ({ type: 'not', operand })),
      fc
        .array(tie('expr'), { minLength: 2, maxLength: 4 })
        .map((operands): PolicyExpr => ({ type: 'and', operands })),
      fc
        .array(tie('expr'), { minLength: 2, maxLength: 4 })
        .map((operands): PolicyExpr => ({ type: 'or', operands }))
    ),
  })).expr
