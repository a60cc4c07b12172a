/**
 * The parsed form of an oslo.policy check string. Nodes are plain immutable data so that trees can
 * be compared with deep equality and generated in property tests.
 */

/**
 * One piece of a check's right-hand side: literal text, or a `%(attr)s` substitution from the
 * target. oslo applies Python's `%` formatting to the whole match before comparing.
 */
export type MatchPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'target'; readonly attr: string }

/**
 * The left-hand side of a generic check. oslo first tries `ast.literal_eval` on it (`True`,
 * `'Member'`, `42`) and compares the literal with the match; otherwise it is a dotted path into the
 * credentials (`project_id`, `token.user.domain.id`).
 */
export type CheckSubject =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'credential'; readonly path: readonly string[] }

export type PolicyExpr =
  /** `@`, or the empty check string. */
  | { readonly type: 'always' }
  /** `!`. */
  | { readonly type: 'never' }
  | { readonly type: 'rule'; readonly name: string }
  | { readonly type: 'role'; readonly role: readonly MatchPart[] }
  | {
      readonly type: 'generic'
      readonly subject: CheckSubject
      readonly match: readonly MatchPart[]
    }
  | { readonly type: 'not'; readonly operand: PolicyExpr }
  /** Two or more operands. */
  | { readonly type: 'and'; readonly operands: readonly PolicyExpr[] }
  /** Two or more operands. */
  | { readonly type: 'or'; readonly operands: readonly PolicyExpr[] }

/** Names of the rules an expression refers to with `rule:`, in order of appearance. */
export const ruleReferences = (expr: PolicyExpr): string[] => {
  switch (expr.type) {
    case 'rule':
      return [expr.name]
    case 'not':
      return ruleReferences(expr.operand)
    case 'and':
    case 'or':
      return expr.operands.flatMap(ruleReferences)
    default:
      return []
  }
}
