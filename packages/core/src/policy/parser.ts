import type { CheckSubject, MatchPart, PolicyExpr } from './ast'
import { PolicyParseError } from './errors'

/**
 * Parser for oslo.policy check strings.
 *
 * Tokenising follows oslo exactly, because it decides what a check may contain: the string is
 * split on whitespace, leading `(` and trailing `)` are peeled off each word, and `and`/`or`/`not`
 * are keywords in any letter case. So `%(project_id)s` survives inside a check, a check can never
 * contain whitespace, and `role:admin)` is the check `role:admin` followed by `)`.
 *
 * Precedence is oslo's: `not` binds tightest, then `and`, then `or`; parentheses group. oslo's
 * shift-reduce parser fails closed on bad input (the rule then denies everyone); this one throws a
 * {@link PolicyParseError} naming the rule and the offending position.
 */

type TokenType = '(' | ')' | 'and' | 'or' | 'not' | 'check' | 'string'
interface Token {
  readonly type: TokenType
  readonly text: string
  readonly pos: number
}

const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not'])

/** Deeper nesting than this is certainly a mistake, and bounding it keeps recursion safe. */
export const MAX_NESTING = 64

const tokenize = (src: string): Token[] => {
  const tokens: Token[] = []
  for (const m of src.matchAll(/\S+/g)) {
    const word = m[0]
    const start = m.index
    let i = 0
    while (word[i] === '(') {
      tokens.push({ type: '(', text: '(', pos: start + i })
      i++
    }
    if (i === word.length) continue
    let end = word.length
    while (end > i && word[end - 1] === ')') end--
    const clean = word.slice(i, end)
    // oslo tests for a quoted string before removing the trailing parentheses.
    const withTrail = word.slice(i)
    if (KEYWORDS.has(clean.toLowerCase())) {
      tokens.push({ type: clean.toLowerCase() as TokenType, text: clean, pos: start + i })
    } else if (clean.length > 0) {
      const q = withTrail[0]
      if (withTrail.length >= 2 && (q === '"' || q === "'") && withTrail.at(-1) === q) {
        tokens.push({ type: 'string', text: withTrail, pos: start + i })
        continue
      }
      tokens.push({ type: 'check', text: clean, pos: start + i })
    }
    for (let j = end; j < word.length; j++) tokens.push({ type: ')', text: ')', pos: start + j })
  }
  return tokens
}

class Parser {
  private index = 0
  private depth = 0
  constructor(
    private readonly src: string,
    private readonly rule: string | undefined,
    private readonly tokens: readonly Token[]
  ) {}

  fail(position: number, reason: string): never {
    throw new PolicyParseError({ rule: this.rule, expression: this.src, position, reason })
  }

  private peek(): Token | undefined {
    return this.tokens[this.index]
  }

  parseAll(): PolicyExpr {
    const expr = this.parseOr()
    const extra = this.peek()
    if (extra !== undefined) {
      this.fail(
        extra.pos,
        extra.type === ')'
          ? 'unbalanced ")"'
          : `expected "and", "or" or the end, found ${JSON.stringify(extra.text)}`
      )
    }
    return expr
  }

  private parseOr(): PolicyExpr {
    const operands = [this.parseAnd()]
    while (this.peek()?.type === 'or') {
      this.index++
      operands.push(this.parseAnd())
    }
    return operands.length === 1 ? operands[0]! : { type: 'or', operands }
  }

  private parseAnd(): PolicyExpr {
    const operands = [this.parseNot()]
    while (this.peek()?.type === 'and') {
      this.index++
      operands.push(this.parseNot())
    }
    return operands.length === 1 ? operands[0]! : { type: 'and', operands }
  }

  private parseNot(): PolicyExpr {
    const tok = this.peek()
    if (tok?.type !== 'not') return this.parseAtom()
    this.index++
    return { type: 'not', operand: this.nested(tok, () => this.parseNot()) }
  }

  private nested(tok: Token, inner: () => PolicyExpr): PolicyExpr {
    if (++this.depth > MAX_NESTING) this.fail(tok.pos, `nested deeper than ${MAX_NESTING} levels`)
    const expr = inner()
    this.depth--
    return expr
  }

  private parseAtom(): PolicyExpr {
    const tok = this.peek()
    if (tok === undefined)
      this.fail(this.src.length, 'expected a check, "not" or "(" but the text ended')
    this.index++
    switch (tok.type) {
      case '(': {
        const inner = this.nested(tok, () => this.parseOr())
        const close = this.peek()
        if (close?.type !== ')') {
          this.fail(close?.pos ?? this.src.length, `"(" at position ${tok.pos} is never closed`)
        }
        this.index++
        return inner
      }
      case 'check':
        return parseCheck(tok.text, tok.pos, this)
      case 'string':
        return this.fail(tok.pos, `a quoted string (${tok.text}) is not a check`)
      default:
        return this.fail(
          tok.pos,
          `expected a check, "not" or "(", found ${JSON.stringify(tok.text)}`
        )
    }
  }
}

const parseCheck = (text: string, pos: number, p: Parser): PolicyExpr => {
  if (text === '@') return { type: 'always' }
  if (text === '!') return { type: 'never' }
  const colon = text.indexOf(':')
  if (colon < 0)
    return p.fail(pos, `${JSON.stringify(text)} is not a check (expected kind:match, "@" or "!")`)
  const kind = text.slice(0, colon)
  const match = text.slice(colon + 1)
  const matchPos = pos + colon + 1
  if (kind === '') return p.fail(pos, 'a check needs a kind before ":"')
  if (kind === 'rule') {
    if (match === '') return p.fail(matchPos, 'rule: needs a rule name')
    return { type: 'rule', name: match }
  }
  if (kind === 'role') {
    if (match === '') return p.fail(matchPos, 'role: needs a role name')
    return { type: 'role', role: parseMatch(match, matchPos, p) }
  }
  if (kind === 'http' || kind === 'https') {
    return p.fail(pos, 'http(s) checks call out to a remote server and are not supported')
  }
  return {
    type: 'generic',
    subject: parseSubject(kind, pos, p),
    match: parseMatch(match, matchPos, p),
  }
}

const parseSubject = (kind: string, pos: number, p: Parser): CheckSubject => {
  if (kind === 'True' || kind === 'False' || kind === 'None')
    return { kind: 'literal', value: kind }
  if (/^-?(0|[1-9][0-9]*)$/.test(kind))
    return { kind: 'literal', value: kind === '-0' ? '0' : kind }
  const q = kind[0]
  if (q === '"' || q === "'") {
    const inner = kind.slice(1, -1)
    if (kind.length < 2 || kind.at(-1) !== q || inner.includes(q) || inner.includes('\\')) {
      return p.fail(pos, `${kind} is not a valid quoted literal`)
    }
    return { kind: 'literal', value: inner }
  }
  const path = kind.split('.')
  if (path.some((s) => s === ''))
    return p.fail(pos, `${JSON.stringify(kind)} is not a valid credential path`)
  return { kind: 'credential', path }
}

/** Python `%`-formatting with a mapping: `%(name)s` substitutes, `%%` is a literal `%`. */
const parseMatch = (match: string, pos: number, p: Parser): MatchPart[] => {
  const parts: MatchPart[] = []
  let text = ''
  let i = 0
  while (i < match.length) {
    const c = match[i]!
    if (c !== '%') {
      text += c
      i++
      continue
    }
    if (match[i + 1] === '%') {
      text += '%'
      i += 2
      continue
    }
    const close = match.indexOf(')', i)
    const attr = match.slice(i + 2, close)
    if (
      match[i + 1] !== '(' ||
      close < 0 ||
      match[close + 1] !== 's' ||
      attr === '' ||
      attr.includes('(')
    ) {
      return p.fail(pos + i, '"%" must begin a %(attribute)s substitution or be doubled as "%%"')
    }
    if (text !== '') parts.push({ kind: 'text', text })
    text = ''
    parts.push({ kind: 'target', attr })
    i = close + 2
  }
  if (text !== '') parts.push({ kind: 'text', text })
  return parts
}

/**
 * Parses one check string. The empty string allows everything, as in oslo; a string of only
 * whitespace is an error (oslo fails to parse it and denies).
 *
 * @param rule - the rule's name, used only in error messages
 * @throws PolicyParseError
 * @example
 * parseCheckString('role:admin or project_id:%(project_id)s', 'admin_or_owner')
 */
export const parseCheckString = (text: string, rule?: string): PolicyExpr => {
  if (text === '') return { type: 'always' }
  const tokens = tokenize(text)
  const parser = new Parser(text, rule, tokens)
  if (tokens.length === 0) parser.fail(0, 'the check string is blank (use "" to allow everyone)')
  return parser.parseAll()
}
