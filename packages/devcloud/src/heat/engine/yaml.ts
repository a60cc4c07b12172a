import { parse, stringify } from 'yaml'
import { HeatError } from './errors'

const BOOL = 'tag:yaml.org,2002:bool'

/** PyYAML's booleans: yes/no, true/false, on/off — but not YAML 1.1's y/n. */
const pyBool = (value: boolean, test: RegExp) => ({
  identify: (v: unknown) => v === value,
  default: true,
  tag: BOOL,
  test,
  resolve: () => value,
})

// Heat reads YAML 1.1 (PyYAML) but keeps dates as strings: `heat_template_version: 2018-08-31`.
const pyYamlTags = (tags: unknown[]) => [
  ...tags.filter(
    (t) => ![BOOL, 'tag:yaml.org,2002:timestamp'].includes((t as { tag?: string }).tag ?? '')
  ),
  pyBool(true, /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/),
  pyBool(false, /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/),
]

/** Parses YAML (or JSON, a subset) the way Heat does. */
export const parseYaml = (text: string): unknown =>
  parse(text, { version: '1.1', customTags: pyYamlTags as never, uniqueKeys: false })

/**
 * A template as the API receives it: an object, or a YAML/JSON string. A string that is not a
 * mapping is "not in valid format", with the parser's complaint.
 */
export const templateObject = (raw: unknown, where = 'root stack'): Record<string, unknown> => {
  let value = raw
  if (typeof raw === 'string') {
    try {
      value = parseYaml(raw)
    } catch (err) {
      const reason = err instanceof Error ? err.message.trim() : String(err)
      throw new HeatError(
        'HTTPBadRequest',
        `Template not in valid format: Error parsing template [${where}] ${reason}`
      )
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HeatError('HTTPBadRequest', 'The template is not a JSON object or YAML mapping.')
  }
  return value as Record<string, unknown>
}

/** PyYAML's `safe_dump(…, default_flow_style=False)`: block style, sorted keys. */
export const dumpYaml = (value: unknown): string =>
  stringify(value, { sortMapEntries: true, indentSeq: false, lineWidth: 0 })
