import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'

/**
 * The state machines in this folder, as infrastructure reads them. One file per workflow,
 * `<workflow>.asl.json` (Amazon States Language, JSONPath), named after the operation kind it
 * carries out (`cluster-create`, `nodegroup-delete` …).
 *
 * Placeholder convention. A string in an ASL file may hold `${Name}` placeholders, filled at
 * deploy time; any left unfilled is an error, never deployed. The one kind in use today:
 *
 *   "Resource": "${CreateClusterStackFunctionArn}"
 *
 * is the ARN of the task Lambda `create-cluster-stack`, whose handler is
 * functions/workflow/create-cluster-stack.ts: PascalCase task name + `FunctionArn`, kebab-case
 * file name. The tasks a workflow needs are therefore read from its placeholders, and
 * sst.config.ts declares one Lambda per task named anywhere. Locally the same files run with
 * the tasks' handlers in-process (packages/local), matched by the same convention.
 */

/** A `${Name}` placeholder: letters and digits, starting with a letter. */
const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g
const FUNCTION_ARN = /^([A-Z][A-Za-z0-9]*)FunctionArn$/
const ASL_SUFFIX = '.asl.json'

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/** An ASL document: what every state machine has at its top level. */
export interface AslDocument {
  StartAt: string
  States: Record<string, { Type: string; [key: string]: Json }>
  [key: string]: Json
}

export interface WorkflowDefinition {
  /** File name without `.asl.json`: the operation kind, and the state machine's name suffix. */
  name: string
  file: string
  document: AslDocument
  /** Every placeholder the document holds, sorted. */
  placeholders: string[]
  /** The task functions its placeholders name (kebab-case), sorted. */
  tasks: string[]
}

/** Placeholders a document still holds after substitution: they would deploy broken. */
export class UnresolvedPlaceholderError extends Error {
  constructor(
    readonly workflow: string,
    readonly unresolved: string[]
  ) {
    super(`${workflow}: unresolved placeholder(s) ${unresolved.map((p) => `\${${p}}`).join(', ')}`)
    this.name = 'UnresolvedPlaceholderError'
  }
}

/** `CreateClusterStackFunctionArn` → `create-cluster-stack`; other placeholders → undefined. */
export const taskOfPlaceholder = (placeholder: string): string | undefined => {
  const pascal = FUNCTION_ARN.exec(placeholder)?.[1]
  return pascal?.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

/** `create-cluster-stack` → `CreateClusterStackFunctionArn`. */
export const placeholderOfTask = (task: string): string =>
  `${task.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase())}FunctionArn`

const strings = (value: Json, out: string[] = []): string[] => {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) strings(v, out)
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) strings(v, out)
  return out
}

/** Every distinct placeholder name in the document's string values, sorted. */
export const placeholdersOf = (document: Json): string[] => {
  const found = new Set<string>()
  for (const s of strings(document)) for (const m of s.matchAll(PLACEHOLDER)) found.add(m[1] ?? '')
  return [...found].sort()
}

const replaceIn = (value: Json, values: Readonly<Record<string, string>>): Json => {
  if (typeof value === 'string')
    return value.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole)
  if (Array.isArray(value)) return value.map((v) => replaceIn(v, values))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIn(v, values)]))
  return value
}

/**
 * The document with every `${Name}` replaced by `values[Name]`, as the JSON text Step Functions
 * takes. Values are substituted inside parsed strings, so no value can break the JSON.
 * @throws UnresolvedPlaceholderError naming every placeholder `values` does not fill.
 *
 * @example
 * substitute(workflow, { CreateClusterStackFunctionArn: 'arn:aws:lambda:…:function:x' })
 */
export const substitute = (
  workflow: Pick<WorkflowDefinition, 'name' | 'document'>,
  values: Readonly<Record<string, string>>
): string => {
  const missing = placeholdersOf(workflow.document).filter((p) => values[p] === undefined)
  if (missing.length > 0) throw new UnresolvedPlaceholderError(workflow.name, missing)
  const result = replaceIn(workflow.document, values)
  const left = placeholdersOf(result)
  // A value that itself reads `${X}` would survive the pass; refuse it the same way.
  if (left.length > 0) throw new UnresolvedPlaceholderError(workflow.name, left)
  return JSON.stringify(result)
}

/** One ASL file, parsed, with its placeholders and tasks. */
export const readWorkflow = (file: string): WorkflowDefinition => {
  const document = JSON.parse(readFileSync(file, 'utf8')) as AslDocument
  const placeholders = placeholdersOf(document)
  const tasks = placeholders.flatMap((p) => taskOfPlaceholder(p) ?? [])
  return { name: basename(file, ASL_SUFFIX), file, document, placeholders, tasks: tasks.sort() }
}

/** Every `*.asl.json` in `dir`, by name. */
export const listWorkflows = (dir: string): WorkflowDefinition[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(ASL_SUFFIX))
    .sort()
    .map((f) => readWorkflow(join(dir, f)))

/** Every task any workflow in `dir` names: one Lambda each. */
export const allTasks = (workflows: readonly WorkflowDefinition[]): string[] =>
  [...new Set(workflows.flatMap((w) => w.tasks))].sort()
