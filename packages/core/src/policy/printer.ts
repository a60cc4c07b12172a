import type { CheckSubject, MatchPart, PolicyExpr } from './ast'

/**
 * Writes an expression back as an oslo.policy check string. `parseCheckString(printPolicy(e))`
 * rebuilds `e` exactly: a compound operand is parenthesised whenever leaving the parentheses out
 * would let the parser regroup it (including `(a and b) and c`, which the parser keeps nested).
 */
export const printPolicy = (expr: PolicyExpr): string => {
  switch (expr.type) {
    case 'always':
      return '@'
    case 'never':
      return '!'
    case 'rule':
      return `rule:${expr.name}`
    case 'role':
      return `role:${printMatch(expr.role)}`
    case 'generic': {
      const match = printMatch(expr.match)
      return `${printSubject(expr.subject, match)}:${match}`
    }
    case 'not':
      return `not ${wrapIf(expr.operand, expr.operand.type === 'and' || expr.operand.type === 'or')}`
    case 'and':
      return expr.operands.map((o) => wrapIf(o, o.type === 'and' || o.type === 'or')).join(' and ')
    case 'or':
      return expr.operands.map((o) => wrapIf(o, o.type === 'or')).join(' or ')
  }
}

const wrapIf = (expr: PolicyExpr, wrap: boolean): string =>
  wrap ? `(${printPolicy(expr)})` : printPolicy(expr)

const printMatch = (parts: readonly MatchPart[]): string =>
  parts.map((p) => (p.kind === 'text' ? p.text.replaceAll('%', '%%') : `%(${p.attr})s`)).join('')

const BARE_LITERAL = /^(True|False|None|-?(0|[1-9][0-9]*))$/

const printSubject = (subject: CheckSubject, match: string): string => {
  if (subject.kind === 'credential') return subject.path.join('.')
  if (BARE_LITERAL.test(subject.value)) return subject.value
  // A token that starts and ends with the same quote is read as a bare string, not a check.
  const quote = subject.value.includes("'") || match.endsWith("'") ? '"' : "'"
  return `${quote}${subject.value}${quote}`
}
