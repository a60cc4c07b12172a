import { InvalidError } from '@berth/core/errors'
import type { z } from 'zod'
import { safeParse } from 'zod/v4/core'

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s === undefined ? '' : s.length > 80 ? `${s.slice(0, 77)}...` : s
}

/** The first zod issue, worded like wsme's InvalidInput so clients and scripts recognise it. */
export const describeIssue = (issues: readonly z.core.$ZodIssue[], input: unknown): string => {
  const issue = issues[0]
  if (!issue) return 'Invalid input.'
  const field = issue.path.map(String).join('.')
  if (issue.path.length === 1 && isObject(input) && !(field in input)) {
    return `Mandatory field missing: ${field}.`
  }
  let value: unknown = input
  for (const p of issue.path) value = isObject(value) ? value[String(p)] : undefined
  return `Invalid input for field/attribute ${field}. Value: '${show(value)}'. ${issue.message}`
}

/**
 * Validates a request body strictly, as Magnum 1.1+ does: an object, no attributes it does not
 * know ("Unknown attribute for argument cluster_template: foo"), and the schema's types.
 * `ignored` names read-only attributes a client may echo back from a GET.
 */
export const parseBody = <S extends z.core.$ZodObject>(
  schema: S,
  body: unknown,
  argument: string,
  ignored: readonly string[] = []
): z.output<S> => {
  if (!isObject(body))
    throw new InvalidError(`Invalid input for argument ${argument}: expected a JSON object.`)
  const known = new Set([...Object.keys(schema._zod.def.shape), ...ignored])
  const unknown = Object.keys(body).filter((k) => !known.has(k))
  if (unknown.length > 0) {
    throw new InvalidError(`Unknown attribute for argument ${argument}: ${unknown.join(', ')}`)
  }
  const kept = Object.fromEntries(Object.entries(body).filter(([k]) => !ignored.includes(k)))
  const parsed = safeParse(schema, kept)
  if (!parsed.success) throw new InvalidError(describeIssue(parsed.error.issues, kept))
  return parsed.data
}

/** Any query parameter a route does not take is a 400, as wsme's UnknownArgument. */
export const onlyQuery = (query: Record<string, string>, allowed: readonly string[]): void => {
  const extra = Object.keys(query).find((k) => !allowed.includes(k))
  if (extra !== undefined) throw new InvalidError(`Unknown argument: "${extra}"`)
}
