import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  type AslDocument,
  type Json,
  substitute,
  taskOfPlaceholder,
  UnresolvedPlaceholderError,
  type WorkflowDefinition,
} from '../../stepfunctions/definitions'

interface AslValidatorResult {
  isValid: boolean
  errorsText: (separator?: string) => string
}
type AslValidator = (definition: unknown) => AslValidatorResult
// asl-validator is CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator

export interface CheckOptions {
  /** Where task handlers live: functions/workflow. */
  taskDir: string
  /** Task names the workflow runtime registers, when it has a registry. */
  registeredTasks?: ReadonlySet<string>
}

type States = Record<string, Record<string, Json>>

const asRecord = (v: Json | undefined): Record<string, Json> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined

/** Every state a state names as its successor: Next, Default, Choices[].Next, Catch[].Next. */
const targetsOf = (state: Record<string, Json>): string[] => {
  const out: string[] = []
  const add = (v: Json | undefined) => {
    if (typeof v === 'string') out.push(v)
  }
  add(state.Next)
  add(state.Default)
  for (const key of ['Choices', 'Catch'] as const) {
    const list = state[key]
    if (Array.isArray(list)) for (const item of list) add(asRecord(item)?.Next)
  }
  return out
}

/** Nested state machines (Parallel branches, Map processors), each its own name scope. */
const nestedOf = (state: Record<string, Json>): Json[] => {
  const out: Json[] = []
  if (Array.isArray(state.Branches)) out.push(...state.Branches)
  if (state.ItemProcessor) out.push(state.ItemProcessor)
  if (state.Iterator) out.push(state.Iterator)
  return out
}

/** Targets that exist, and every state reachable from StartAt, in one scope and below it. */
const checkScope = (scope: Json, where: string, problems: string[]) => {
  const machine = asRecord(scope)
  const states = asRecord(machine?.States) as States | undefined
  if (!machine || !states) {
    problems.push(`${where}: no States`)
    return
  }
  const startAt = machine.StartAt
  if (typeof startAt !== 'string' || !(startAt in states)) {
    problems.push(`${where}: StartAt ${JSON.stringify(startAt)} is not a state`)
  }
  for (const [name, state] of Object.entries(states)) {
    for (const target of targetsOf(state)) {
      if (!(target in states)) problems.push(`${where}: ${name} → ${target}, no such state`)
    }
    for (const [i, nested] of nestedOf(state).entries()) {
      checkScope(nested, `${where} › ${name}[${i}]`, problems)
    }
  }
  const seen = new Set<string>()
  const queue = typeof startAt === 'string' ? [startAt] : []
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const state = states[next]
    if (seen.has(next) || !state) continue
    seen.add(next)
    queue.push(...targetsOf(state))
  }
  for (const name of Object.keys(states)) {
    if (!seen.has(name)) problems.push(`${where}: ${name} is unreachable from ${String(startAt)}`)
  }
}

/** A stand-in ARN per task, so the validator's ARN check sees what AWS will. */
export const fakeFunctionArn = (task: string) =>
  `arn:aws:lambda:us-east-1:123456789012:function:berth-${task}`

/**
 * Everything wrong with one workflow, as readable lines (empty when it is fine): placeholders
 * that name no task, tasks with no handler file or not registered, and — after substituting
 * stand-in ARNs — what asl-validator finds, plus dangling and unreachable states.
 */
export const checkWorkflow = (workflow: WorkflowDefinition, options: CheckOptions): string[] => {
  const problems: string[] = []
  const values: Record<string, string> = {}
  for (const placeholder of workflow.placeholders) {
    const task = taskOfPlaceholder(placeholder)
    if (!task) {
      problems.push(`${workflow.name}: \${${placeholder}} is not a <Task>FunctionArn placeholder`)
      continue
    }
    values[placeholder] = fakeFunctionArn(task)
    const file = join(options.taskDir, `${task}.ts`)
    if (!existsSync(file)) problems.push(`${workflow.name}: task ${task} has no handler ${file}`)
    if (options.registeredTasks && !options.registeredTasks.has(task)) {
      problems.push(`${workflow.name}: task ${task} is not registered with the workflow runtime`)
    }
  }
  let substituted: AslDocument
  try {
    substituted = JSON.parse(substitute(workflow, values)) as AslDocument
  } catch (e) {
    if (!(e instanceof UnresolvedPlaceholderError)) throw e
    return problems
  }
  const result = aslValidator(structuredClone(substituted))
  if (!result.isValid) problems.push(`${workflow.name}: asl-validator: ${result.errorsText('; ')}`)
  checkScope(substituted, workflow.name, problems)
  return problems
}
