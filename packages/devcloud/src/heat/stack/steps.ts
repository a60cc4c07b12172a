import type { DevCloud } from '../../context'
import type { Action, HeatResource, Stack } from '../model'
import { failureOf } from '../resources/failures'
import { handlerFor } from '../resources/index'
import type { Props, ResourceType, StepResult } from '../resources/types'
import { resourceEvent } from './events'
import { pathOf, rootOf, runtimeFor } from './runtime'

export type Change = 'create' | 'update' | 'replace' | 'delete'

const later = (a: Date, b: Date | undefined) =>
  b !== undefined && b.getTime() > a.getTime() ? b : a
const iso = (d: Date) => d.toISOString()

/** The failure recorded on a resource; `error: ''` means the message is a whole reason already. */
const reasonOf = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  result: Extract<StepResult, { state: 'failed' }>
) =>
  result.error === ''
    ? result.message
    : `${result.error}: ${pathOf(cloud, stack, r.name)}: ${result.message}`

/** Marks a resource failed; returns the reason for the stack's own failure. */
export const failResource = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  at: Date,
  result: Extract<StepResult, { state: 'failed' }>
): string => {
  r.status = 'FAILED'
  r.reason = reasonOf(cloud, stack, r, result)
  r.step = null
  r.dueAt = null
  r.pending = null
  r.updatedAt = iso(at)
  resourceEvent(stack, r, at, r.reason)
  return r.reason
}

const complete = (stack: Stack, r: HeatResource, at: Date) => {
  r.status = 'COMPLETE'
  r.reason = 'state changed'
  if (r.change !== 'delete') r.properties = r.pending
  r.pending = null
  r.step = null
  r.dueAt = null
  r.change = null
  r.updatedAt = iso(at)
  resourceEvent(stack, r, at)
  // A step of a superseded traversal is done, but the current one still has to look at it.
  if (stack.op && (r.traversal ?? undefined) === stack.op.traversal) {
    stack.op.finished[r.name] = iso(at)
  }
}

/** What a step returns to the runner: nothing to report, or the resource's failure reason. */
export type StepOutcome = { failed: string; at: Date } | undefined

const apply = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  at: Date,
  result: StepResult
): StepOutcome | 'retried' => {
  switch (result.state) {
    case 'failed':
      return { failed: failResource(cloud, stack, r, at, result), at }
    case 'retry':
      // Tried again once the cloud has moved on (the next settlement round at the earliest).
      r.dueAt = iso(new Date(at.getTime() + cloud.timing.heatResourceMs))
      return 'retried'
    default: {
      const planned = new Date(at.getTime() + cloud.timing.heatResourceMs)
      r.step = 'check'
      r.dueAt = iso(later(planned, result.state === 'wait' ? result.until : undefined))
      return undefined
    }
  }
}

/** Asks the handler to act (again, if the cloud was busy last time). */
export const call = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  at: Date
): StepOutcome | 'retried' => {
  const rt = runtimeFor(cloud, stack, r, at)
  const handler = handlerFor(rt.implementation)
  const props = (r.pending ?? {}) as Props
  let result: StepResult
  try {
    result = invoke(handler, rt, r, props)
  } catch (err) {
    result = failureOf(err, handler.client ?? 'heat')
  }
  return apply(cloud, stack, r, at, result)
}

const invoke = (
  handler: ResourceType,
  rt: ReturnType<typeof runtimeFor>,
  r: HeatResource,
  props: Props
): StepResult => {
  if (r.change === 'delete') return handler.delete(rt)
  if (r.change === 'update') {
    const result = handler.update
      ? handler.update(rt, props, (r.properties ?? {}) as Props)
      : 'replace'
    if (result !== 'replace') return result
    r.change = 'replace'
  }
  if (r.change === 'replace' && (r.physicalId !== '' || r.nestedStackId !== null)) {
    const removed = handler.delete(rt)
    if (removed.state !== 'done') return removed
    Object.assign(r, { physicalId: '', nestedStackId: null, data: {} })
  }
  return handler.create(rt, props)
}

/** Checks on a step whose time has come: done, still waiting, or failed. */
export const check = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  at: Date
): StepOutcome | 'waiting' => {
  const action = stack.op?.action ?? 'CREATE'
  if (r.change !== 'delete') {
    const injected = cloud.faults.resourceFailure(rootOf(cloud, stack).name, r.name, action)
    if (injected) {
      const failure = {
        state: 'failed' as const,
        error: injected.errorType,
        message: injected.reason,
      }
      return { failed: failResource(cloud, stack, r, at, failure), at }
    }
  }
  const rt = runtimeFor(cloud, stack, r, at)
  const handler = handlerFor(rt.implementation)
  const checker =
    r.change === 'delete'
      ? handler.checkDelete
      : r.change === 'update'
        ? handler.checkUpdate
        : handler.checkCreate
  let result: StepResult
  try {
    result = checker ? checker.call(handler, rt) : { state: 'done' }
  } catch (err) {
    result = failureOf(err, handler.client ?? 'heat')
  }
  if (result.state === 'done') {
    complete(stack, r, later(at, result.at))
    return undefined
  }
  if (result.state === 'failed') return { failed: failResource(cloud, stack, r, at, result), at }
  if (
    result.state === 'wait' &&
    result.until !== undefined &&
    result.until.getTime() > at.getTime()
  ) {
    r.dueAt = iso(result.until)
  }
  return 'waiting'
}

/** Starts a change: the IN_PROGRESS event, then the handler. */
export const begin = (
  cloud: DevCloud,
  stack: Stack,
  r: HeatResource,
  change: Change,
  action: Action,
  at: Date,
  props: Props | null
): StepOutcome => {
  if (r.action === 'INIT') r.createdAt = iso(at)
  r.action = action
  r.status = 'IN_PROGRESS'
  r.reason = 'state changed'
  r.change = change
  r.pending = props
  r.step = 'call'
  r.dueAt = iso(at)
  r.updatedAt = iso(at)
  r.traversal = stack.op?.traversal ?? null
  resourceEvent(stack, r, at)
  if (isHeld(cloud, stack, r)) return undefined
  const outcome = call(cloud, stack, r, at)
  return outcome === 'retried' ? undefined : outcome
}

/** A stuck-stack fault naming this resource: its call never returns while the fault stands. */
export const isHeld = (cloud: DevCloud, stack: Stack, r: HeatResource): boolean =>
  r.action !== 'INIT' && cloud.faults.isHeld(rootOf(cloud, stack).name, r.name, r.action)

/** Marks what a cancelled or timed-out operation left in progress as failed. */
export const abortInProgress = (
  stack: Stack,
  at: Date,
  reason: string | ((r: HeatResource) => string)
) => {
  for (const r of stack.resources) {
    if (r.status !== 'IN_PROGRESS') continue
    r.status = 'FAILED'
    r.reason = typeof reason === 'string' ? reason : reason(r)
    r.step = null
    r.dueAt = null
    r.pending = null
    resourceEvent(stack, r, at, r.reason)
  }
}
