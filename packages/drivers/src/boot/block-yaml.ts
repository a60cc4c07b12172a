/**
 * The YAML a cloud-config needs — block mappings and sequences of strings and booleans —
 * written without a YAML library: the `yaml` package was a sixth of every workflow Lambda that
 * renders a stack. Multi-line text that needs no escaping is a literal block (`|`), as the
 * library wrote it: the settings files stay readable on the node, and Heat's str_replace may put
 * any one-line value into them without breaking the document. Any other string is
 * double-quoted with JSON's escapes, which YAML 1.1 (cloud-init's PyYAML) and 1.2 read alike.
 */
export type YamlValue =
  | string
  | boolean
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue }

/** Lines of printable ASCII, the first not starting with a space, one final newline. */
const literalSafe = (s: string): boolean =>
  /^[\x21-\x7e][\x20-\x7e\n]*\n$/.test(s) && !s.endsWith('\n\n')

/** JSON's string syntax with everything outside printable ASCII escaped, so no reader sees a raw line break. */
export const quoted = (s: string): string =>
  JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0) ?? 0
    return code > 0xffff
      ? `\\U${code.toString(16).padStart(8, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`
  })

/** Words YAML 1.1 reads as booleans or null even as mapping keys. */
const RESERVED = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null'])

const key = (k: string): string => (/^[a-z][a-z0-9_]*$/.test(k) && !RESERVED.has(k) ? k : quoted(k))

/** `prefix` (`key:` or `-`) and its value, as lines indented by `indent` spaces. */
const entry = (prefix: string, value: YamlValue, indent: number): string[] => {
  const pad = ' '.repeat(indent)
  if (typeof value === 'boolean') return [`${pad}${prefix} ${value}`]
  if (typeof value === 'string') {
    if (!literalSafe(value)) return [`${pad}${prefix} ${quoted(value)}`]
    const lines = value.slice(0, -1).split('\n')
    return [`${pad}${prefix} |`, ...lines.map((l) => (l ? `${pad}  ${l}` : ''))]
  }
  const inner = block(value, indent + 2)
  const [first, ...rest] = inner
  if (first === undefined) return [`${pad}${prefix} ${Array.isArray(value) ? '[]' : '{}'}`]
  // A sequence item starts its mapping or sequence on the dash's own line.
  return prefix === '-' ? [`${pad}- ${first.trimStart()}`, ...rest] : [`${pad}${prefix}`, ...inner]
}

type Collection = readonly YamlValue[] | { readonly [key: string]: YamlValue }

const block = (value: Collection, indent: number): string[] =>
  Array.isArray(value)
    ? value.flatMap((v: YamlValue) => entry('-', v, indent))
    : Object.entries(value).flatMap(([k, v]) => entry(`${key(k)}:`, v, indent))

/** A mapping as a YAML document body, one trailing newline. */
export const toBlockYaml = (mapping: { readonly [key: string]: YamlValue }): string =>
  Object.keys(mapping).length === 0 ? '{}\n' : `${block(mapping, 0).join('\n')}\n`
