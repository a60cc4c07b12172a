import { InvalidError } from '../errors'

/**
 * python-magnumclient sends `replace /labels` values as `str(dict)`, a Python repr such as
 * `{'kube_tag': 'v1.28.9', 'x': "it's"}`, and Magnum `ast.literal_eval`s it. This parses the
 * subset such a repr can contain: a dict or list of str/int/float/bool/None, nested.
 */
export type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue }

export class PythonLiteralError extends InvalidError {
  constructor(message: string) {
    super(message)
    this.name = 'PythonLiteralError'
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
}

/** Sets an own enumerable property, even for '__proto__'. */
export const setOwn = (o: object, key: string, value: unknown): void => {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}

class Reader {
  pos = 0
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new PythonLiteralError(`malformed literal at position ${this.pos}: ${what}`)
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++
  }

  peek(): string {
    this.skipSpace()
    return this.text[this.pos] ?? ''
  }

  expect(ch: string): void {
    if (this.peek() !== ch) this.fail(`expected '${ch}'`)
    this.pos++
  }

  value(depth: number): PyValue {
    if (depth > 32) this.fail('nested too deeply')
    const ch = this.peek()
    if (ch === '{') return this.dict(depth)
    if (ch === '[' || ch === '(') return this.list(depth, ch === '[' ? ']' : ')')
    if (ch === "'" || ch === '"') return this.string()
    return this.atom()
  }

  dict(depth: number): { [k: string]: PyValue } {
    this.expect('{')
    const out: { [k: string]: PyValue } = {}
    while (this.peek() !== '}') {
      const key = this.value(depth + 1)
      if (typeof key !== 'string' && typeof key !== 'number') this.fail('dict keys must be str')
      this.expect(':')
      // defineProperty, not assignment: a '__proto__' key must stay data, not a prototype.
      setOwn(out, String(key), this.value(depth + 1))
      if (this.peek() === ',') this.pos++
      else if (this.peek() !== '}') this.fail("expected ',' or '}'")
    }
    this.pos++
    return out
  }

  list(depth: number, close: string): PyValue[] {
    this.pos++
    const out: PyValue[] = []
    while (this.peek() !== close) {
      out.push(this.value(depth + 1))
      if (this.peek() === ',') this.pos++
      else if (this.peek() !== close) this.fail(`expected ',' or '${close}'`)
    }
    this.pos++
    return out
  }

  string(): string {
    const quote = this.text[this.pos]
    this.pos++
    let out = ''
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++] ?? ''
      if (c === quote) return out
      if (c === '\\') {
        const e = this.text[this.pos++] ?? ''
        if (e === 'x' || e === 'u') {
          const len = e === 'x' ? 2 : 4
          const hex = this.text.slice(this.pos, this.pos + len)
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail('bad escape')
          out += String.fromCharCode(Number.parseInt(hex, 16))
          this.pos += len
        } else {
          out += ESCAPES[e] ?? `\\${e}`
        }
      } else {
        out += c
      }
    }
    return this.fail('unterminated string')
  }

  atom(): PyValue {
    const m = /^(True|False|None|[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)/.exec(
      this.text.slice(this.pos)
    )
    if (!m?.[1]) return this.fail('unexpected token')
    this.pos += m[1].length
    if (m[1] === 'True') return true
    if (m[1] === 'False') return false
    if (m[1] === 'None') return null
    return Number(m[1])
  }
}

/** Parses a Python literal (what `ast.literal_eval` accepts for Magnum's patch values). */
export const parsePythonLiteral = (text: string): PyValue => {
  const r = new Reader(text)
  const v = r.value(0)
  r.skipSpace()
  if (r.pos !== text.length) r.fail('trailing characters')
  return v
}

/** Python's `repr` of the same subset; used by tests and to render dicts the way Magnum does. */
export const pythonRepr = (v: PyValue): string => {
  if (v === null) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'"
    let body = ''
    for (const ch of v) {
      if (ch === '\\') body += '\\\\'
      else if (ch === quote) body += `\\${ch}`
      else if (ch === '\n') body += '\\n'
      else if (ch === '\r') body += '\\r'
      else if (ch === '\t') body += '\\t'
      else if (ch < ' ' || ch === '\x7f')
        body += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`
      else body += ch
    }
    return `${quote}${body}${quote}`
  }
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`
  return `{${Object.entries(v)
    .map(([k, x]) => `${pythonRepr(k)}: ${pythonRepr(x)}`)
    .join(', ')}}`
}
