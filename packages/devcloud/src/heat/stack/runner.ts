import type { DevCloud } from '../../context'
import type { HeatResource, Operation, Stack } from '../model'
import { failureOf } from '../resources/failures'
import { handlerFor } from '../resources/index'
import { checkProperties } from '../resources/properties'
import { compile, resolveProperties } from './compile'
import { failOperation, finishOperation, timeOut } from './operations'
import { functionContext, rootOf, runtimeFor, stackById } from './runtime'
import { begin, call, check, failResource, isHeld, type StepOutcome } from './steps'

type Failure = NonNullable<StepOutcome>

const time = (iso: string) => Date.parse(iso)
const at = (ms: number) => new Date(ms)

/** When a step may start: not before the operation's clock nor before what it waits for. */
const startTime = (op: Operation, waitsFor: string[]) =>
  Math.max(time(op.clock), ...waitsFor.map((n) => time(op.finished[n] ?? op.clock)))

/** Advances a step already in flight (and the nested stack under it). True if anything moved. */
const advanceInFlight = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  horizon: number
): Failure | boolean => {
  const child = stackById(cloud, r.nestedStackId)
  const moved = child?.op ? advanceStack(cloud, child, at(horizon)) : false
  if (r.dueAt === null || time(r.dueAt) > horizon) return moved
  if (isHeld(cloud, stack, r)) return moved
  const due = at(time(r.dueAt))
  if (r.step === 'call') {
    const outcome = call(cloud, stack, r, due)
    // A retry is no progress: the cloud has to move first (another settlement round).
    return outcome === 'retried' ? moved : (outcome ?? true)
  }
  const before = `${r.status}${r.dueAt}`
  const outcome = check(cloud, stack, r, due)
  if (outcome === 'waiting') return moved || before !== `${r.status}${r.dueAt}`
  return outcome ?? true
}

const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Starts a resource of a create or update: create, update, replace, or nothing to do. */
const startForward = (
  cloud: DevCloud,
  stack: Stack,
  op: Operation,
  r: HeatResource,
  start: Date
): StepOutcome => {
  const compiled = compile(stack)
  const def = compiled.resources.find((d) => d.name === r.name)
  if (!def) return undefined
  const rt = runtimeFor(cloud, stack, { ...r, type: def.type }, start)
  const handler = handlerFor(rt.implementation)
  const created =
    r.action !== 'INIT' &&
    (r.physicalId !== '' || r.nestedStackId !== null || r.status === 'COMPLETE')
  let props: Record<string, unknown>
  try {
    props = checkProperties(
      r.name,
      handler.properties,
      resolveProperties(def, functionContext(cloud, stack, start))
    )
  } catch (err) {
    r.action = created ? 'UPDATE' : 'CREATE'
    const result = failureOf(err, 'heat')
    return result.state === 'failed'
      ? { failed: failResource(cloud, stack, r, start, result), at: start }
      : undefined
  }
  if (op.action === 'CREATE' || !created) {
    r.type = def.type
    return begin(cloud, stack, r, 'create', 'CREATE', start, props)
  }
  if (r.status === 'FAILED' || r.type !== def.type) {
    r.type = def.type
    return begin(cloud, stack, r, 'replace', 'UPDATE', start, props)
  }
  const previous = (r.properties ?? {}) as Record<string, unknown>
  if (deepEqual(props, previous) && !handler.changed?.(rt, props, previous)) {
    op.finished[r.name] = start.toISOString()
    return undefined
  }
  return begin(cloud, stack, r, 'update', 'UPDATE', start, props)
}

const deleted = (r: HeatResource) => r.action === 'DELETE' && r.status === 'COMPLETE'
const neverCreated = (r: HeatResource) =>
  r.action === 'INIT' ||
  (r.physicalId === '' &&
    r.nestedStackId === null &&
    Object.keys(r.data).length === 0 &&
    r.status !== 'IN_PROGRESS')

/** One sweep over the resources being torn down (a delete, or an update's removals). */
const deleteSweep = (
  cloud: DevCloud,
  stack: Stack,
  op: Operation,
  targets: HeatResource[],
  horizon: number
): Failure | boolean => {
  let moved = false
  for (const r of targets) {
    if (deleted(r)) continue
    if (r.status === 'IN_PROGRESS' && r.change === 'delete') {
      const result = advanceInFlight(cloud, stack, r, horizon)
      if (typeof result === 'object') return result
      moved ||= result
      continue
    }
    const dependents = targets.filter((o) => o.requires.includes(r.name))
    if (dependents.some((o) => !deleted(o))) continue
    const start = startTime(
      op,
      dependents.map((o) => o.name)
    )
    if (start > horizon) continue
    moved = true
    if (neverCreated(r)) {
      Object.assign(r, {
        action: 'DELETE',
        status: 'COMPLETE',
        step: null,
        dueAt: null,
        change: null,
      })
      op.finished[r.name] = at(start).toISOString()
      continue
    }
    const outcome = begin(cloud, stack, r, 'delete', 'DELETE', at(start), null)
    if (outcome) return outcome
  }
  return moved
}

/** One sweep of a create or update: steps in flight, then resources whose dependencies are done. */
const forwardSweep = (
  cloud: DevCloud,
  stack: Stack,
  op: Operation,
  horizon: number
): Failure | boolean => {
  const active = new Set(compile(stack).resources.map((d) => d.name))
  let moved = false
  for (const r of stack.resources) {
    if (!active.has(r.name) || r.name in op.finished) continue
    if (r.status === 'IN_PROGRESS' && r.step !== null) {
      const result = advanceInFlight(cloud, stack, r, horizon)
      if (typeof result === 'object') return result
      moved ||= result
      continue
    }
    const waitsFor = r.requires.filter((d) => active.has(d))
    if (waitsFor.some((d) => !(d in op.finished))) continue
    const start = startTime(op, waitsFor)
    if (start > horizon) continue
    moved = true
    const outcome = startForward(cloud, stack, op, r, at(start))
    if (outcome) return outcome
  }
  if ([...active].every((n) => n in op.finished)) {
    const removals = stack.resources.filter((r) => op.removals.includes(r.name))
    const result = deleteSweep(cloud, stack, op, removals, horizon)
    if (typeof result === 'object') return result
    moved ||= result
  }
  return moved
}

const finished = (stack: Stack, op: Operation): boolean => {
  if (op.mode === 'delete') return stack.resources.every(deleted)
  const active = compile(stack).resources.map((d) => d.name)
  return (
    active.every((n) => n in op.finished) &&
    stack.resources.filter((r) => op.removals.includes(r.name)).every(deleted)
  )
}

/**
 * Brings a stack's operation up to `now` (logical time, so it ends the same however often it
 * is looked at): steps start when what they wait for is done and finish when due. A stuck
 * stack (fault) stands still; past the deadline the operation times out.
 */
export const advanceStack = (cloud: DevCloud, stack: Stack, now: Date): boolean => {
  const op = stack.op
  if (!op) return false
  if (cloud.faults.isStuck(rootOf(cloud, stack).name, op.action)) {
    if (time(op.clock) < now.getTime()) op.clock = now.toISOString()
    return false
  }
  const horizon = Math.min(
    now.getTime(),
    op.deadline === null ? Number.POSITIVE_INFINITY : time(op.deadline)
  )
  let changed = false
  for (let sweeps = 0; sweeps < 10_000 && stack.op === op; sweeps++) {
    const result =
      op.mode === 'delete'
        ? deleteSweep(cloud, stack, op, stack.resources, horizon)
        : forwardSweep(cloud, stack, op, horizon)
    if (typeof result === 'object') {
      failOperation(cloud, stack, result.at, result.failed)
      return true
    }
    if (finished(stack, op)) {
      finishOperation(cloud, stack)
      return true
    }
    if (!result) break
    changed = true
  }
  if (stack.op === op && op.deadline !== null && now.getTime() >= time(op.deadline)) {
    timeOut(cloud, stack, at(time(op.deadline)))
    return true
  }
  return changed
}
