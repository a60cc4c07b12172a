import { isDeepStrictEqual } from 'node:util'
import * as z from 'zod/mini'
import { InvalidError } from '../errors'
import { type PyValue, parsePythonLiteral, setOwn } from './python-literal'

/**
 * Magnum's PATCH bodies: a JSON-Patch (RFC 6902) subset with Magnum's own guard rails
 * (magnum/api/controllers/v1/types.py JsonPatchType and api/utils.py apply_jsonpatch):
 * internal attributes are untouchable, mandatory ones cannot be removed, `add` may not create
 * root attributes nor overwrite set ones, and `/labels`-like dicts may arrive as Python reprs.
 */
export const JsonPatchOpSchema = z.strictObject({
  op: z.enum(['add', 'replace', 'remove']),
  path: z.string().check(z.regex(/^(\/[\w-]+)+$/, 'Invalid patch path')),
  value: z.optional(z.unknown()),
})
export type JsonPatchOp = z.infer<typeof JsonPatchOpSchema>
export const JsonPatchSchema = z.array(JsonPatchOpSchema)
export type JsonPatch = z.infer<typeof JsonPatchSchema>

export interface PatchRules {
  /** Root paths (e.g. '/uuid') that can never be patched, nor anything below them. */
  internal: readonly string[]
  /** Root paths that cannot be removed. */
  mandatory: readonly string[]
  /** Paths whose string values are Python literals to evaluate (python-magnumclient). */
  literalPaths: readonly string[]
  /** Value a removed root attribute falls back to. */
  defaultFor: (attribute: string) => unknown
}

export class PatchError extends InvalidError {
  constructor(patch: JsonPatch, reason: string) {
    super(`Couldn't apply patch '${JSON.stringify(patch)}'. Reason: ${reason}`)
    this.name = 'PatchError'
  }
}

type Doc = Record<string, unknown>
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v)
const segments = (path: string): string[] => path.split('/').slice(1)

/** Checks one operation against the rules, before anything is applied. */
export const validatePatchOp = (op: JsonPatchOp, rules: PatchRules): void => {
  const root = `/${segments(op.path)[0]}`
  if (rules.internal.includes(root)) {
    throw new InvalidError(`'${op.path}' is an internal attribute and can not be updated`)
  }
  if (op.op === 'remove' && rules.mandatory.includes(op.path)) {
    throw new InvalidError(`'${op.path}' is a mandatory attribute and can not be removed`)
  }
  if (op.op !== 'remove' && op.value === undefined) {
    throw new InvalidError("'add' and 'replace' operations need value")
  }
}

const literalValue = (patch: JsonPatch, op: JsonPatchOp, rules: PatchRules): unknown => {
  if (!rules.literalPaths.includes(op.path) || typeof op.value !== 'string') return op.value
  let parsed: PyValue
  try {
    parsed = parsePythonLiteral(op.value)
  } catch (e) {
    throw new PatchError(patch, (e as Error).message)
  }
  if (!isObject(parsed)) throw new PatchError(patch, `${op.path} must be a dictionary`)
  return parsed
}

/**
 * Applies `patch` to a copy of `doc` and returns it; `doc` is never modified. Errors are 400s
 * worded as Magnum words them, because users paste them into bug reports and searches.
 */
export const applyPatch = (doc: Doc, patch: JsonPatch, rules: PatchRules): Doc => {
  for (const op of patch) validatePatchOp(op, rules)
  const out = structuredClone(doc)
  for (const op of patch) {
    const path = segments(op.path)
    const attr = path[0] ?? ''
    if (op.op === 'add' && path.length === 1) {
      if (!(attr in out)) {
        throw new InvalidError(
          `Adding a new attribute ${op.path} to the root of the resource is not allowed.`
        )
      }
      if (out[attr] !== null && out[attr] !== undefined) {
        throw new InvalidError(
          `The attribute ${op.path} has existed, please use 'replace' operation instead.`
        )
      }
    }
    const value = literalValue(patch, op, rules)
    let parent: Doc = out
    for (const key of path.slice(0, -1)) {
      const next = parent[key]
      if (!isObject(next)) throw new PatchError(patch, `member '${key}' not found in ${op.path}`)
      parent = next
    }
    const last = path[path.length - 1] ?? ''
    if (op.op !== 'add' && !Object.hasOwn(parent, last)) {
      throw new PatchError(patch, `can't ${op.op} non-existent object '${last}'`)
    }
    if (op.op === 'remove') {
      if (path.length === 1) setOwn(parent, last, rules.defaultFor(last))
      else delete parent[last]
    } else {
      setOwn(parent, last, structuredClone(value))
    }
  }
  return out
}

/** Root attributes whose values differ between two documents. */
export const changedAttributes = (before: Doc, after: Doc): string[] =>
  Object.keys(after).filter((k) => !isDeepStrictEqual(before[k], after[k]))
