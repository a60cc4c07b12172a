import { parse as parseYaml } from 'yaml'
import * as z from 'zod/mini'
import { PolicyFileError } from './errors'
import { parseCheckString } from './parser'

// Apart from policy.ts so that only a process that reads a policy file loads the YAML parser
// (functions/api/deps.ts imports this module when BERTH_POLICY_FILE is set).

const PolicyFileSchema = z.record(
  z.string(),
  z.string({ error: 'the check string must be a string (write "" to allow everyone)' })
)

/**
 * Reads an oslo.policy `policy.yaml` (or the older `policy.json`): a mapping from rule name to check
 * string. Every check string is parsed, so syntax errors surface when the file is loaded.
 *
 * @throws PolicyFileError when the text is not such a mapping
 * @throws PolicyParseError when a check string is malformed
 * @example
 * parsePolicyFile('"clustertemplate:publish": "role:admin or role:template_publisher"')
 */
export const parsePolicyFile = (text: string): Record<string, string> => {
  let data: unknown
  try {
    data = parseYaml(text)
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw new PolicyFileError(`not valid YAML or JSON: ${detail}`, { cause })
  }
  // An empty file (or one holding only comments, as oslo's generated samples do) overrides nothing.
  if (data === null || data === undefined) return {}
  const parsed = PolicyFileSchema.safeParse(data)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) =>
      i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message
    )
    throw new PolicyFileError(
      `expected a mapping of rule name to check string; ${issues.join('; ')}`
    )
  }
  if (Object.hasOwn(parsed.data, '')) throw new PolicyFileError('a rule name must not be empty')
  for (const [name, check] of Object.entries(parsed.data)) parseCheckString(check, name)
  return parsed.data
}
