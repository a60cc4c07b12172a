import type { DevCloud } from '../../context'
import { randomHex, randomUuid } from '../../ids'
import type { Action, Definition, HeatResource, Stack } from '../model'
import { handlerFor } from '../resources/index'
import { compile, dependencies } from './compile'
import { stackEvent } from './events'
import { implementationOf, stackById } from './runtime'
import { abortInProgress } from './steps'

/** Heat's stack_action_timeout when a stack sets none. */
const DEFAULT_TIMEOUT_MINS = 60

export interface NewStack {
  name: string
  projectId: string
  userId: string
  ownerName: string
  definition: Definition
  timeoutMins: number | null
  disableRollback: boolean
  tags: string[] | null
  parent?: { stack: Stack; resource: string }
}

export const newStack = (cloud: DevCloud, spec: NewStack, now: Date): Stack => {
  const id = randomUuid()
  const stack: Stack = {
    id,
    name: spec.name,
    projectId: spec.projectId,
    userId: spec.userId,
    ownerName: spec.ownerName,
    parentId: spec.parent?.stack.id ?? null,
    parentResource: spec.parent?.resource ?? null,
    rootId: spec.parent?.stack.rootId ?? id,
    definition: spec.definition,
    timeoutMins: spec.timeoutMins,
    disableRollback: spec.disableRollback,
    tags: spec.tags,
    action: 'INIT',
    status: 'COMPLETE',
    reason: '',
    createdAt: now.toISOString(),
    updatedAt: null,
    deletedAt: null,
    stackUserProjectId: spec.parent?.stack.stackUserProjectId ?? randomHex(),
    settledAt: null,
    resources: [],
    events: [],
    op: null,
  }
  cloud.state.data.stacks.push(stack)
  return stack
}

const newResource = (name: string, type: string, at: string): HeatResource => ({
  name,
  type,
  action: 'INIT',
  status: 'COMPLETE',
  reason: '',
  physicalId: '',
  createdAt: at,
  updatedAt: at,
  properties: null,
  data: {},
  dueAt: null,
  step: null,
  change: null,
  pending: null,
  nestedStackId: null,
  requires: [],
})

/** Lays out the resources the (new) definition has and what each waits for. */
const reconcile = (cloud: DevCloud, stack: Stack, at: string): string[] => {
  const compiled = compile(stack)
  const deps = dependencies(compiled.resources, compiled.template.version, (r) => {
    const impl = implementationOf(cloud, stack, r)
    return handlerFor(impl).implicitDependsOnTypes ?? []
  })
  const kept = compiled.resources.map((d) => {
    const r = stack.resources.find((x) => x.name === d.name) ?? newResource(d.name, d.type, at)
    r.requires = deps.get(d.name) ?? []
    return r
  })
  const removed = stack.resources.filter((r) => !kept.includes(r))
  stack.resources = [...kept, ...removed]
  return removed.map((r) => r.name)
}

const begin = (
  cloud: DevCloud,
  stack: Stack,
  action: Action,
  mode: 'forward' | 'delete',
  now: Date,
  extra: { removals?: string[]; previous?: Definition | null } = {}
) => {
  const minutes = stack.timeoutMins ?? DEFAULT_TIMEOUT_MINS
  stack.op = {
    action,
    mode,
    startedAt: now.toISOString(),
    traversal: randomUuid(),
    deadline:
      stack.parentId === null
        ? new Date(now.getTime() + minutes * cloud.timing.heatMinuteMs).toISOString()
        : null,
    finished: {},
    removals: extra.removals ?? [],
    previous: extra.previous ?? null,
    clock: now.toISOString(),
  }
  stack.action = action
  stack.status = 'IN_PROGRESS'
  stack.reason = `Stack ${action} started`
  stackEvent(stack, now)
  cloud.settlement.wake()
}

export const startCreate = (cloud: DevCloud, stack: Stack, now: Date): void => {
  stack.resources = []
  reconcile(cloud, stack, now.toISOString())
  begin(cloud, stack, 'CREATE', 'forward', now)
}

export const startUpdate = (
  cloud: DevCloud,
  stack: Stack,
  definition: Definition,
  now: Date,
  action: 'UPDATE' | 'ROLLBACK' = 'UPDATE'
): void => {
  const previous = stack.definition
  stack.definition = definition
  stack.updatedAt = now.toISOString()
  const removals = reconcile(cloud, stack, now.toISOString())
  begin(cloud, stack, action, 'forward', now, { removals, previous })
}

export const startDelete = (
  cloud: DevCloud,
  stack: Stack,
  now: Date,
  action: 'DELETE' | 'ROLLBACK' = 'DELETE'
): void => {
  stack.updatedAt = now.toISOString()
  begin(cloud, stack, action, 'delete', now)
}

const endTime = (stack: Stack): Date => {
  const op = stack.op
  const times = [op?.clock ?? stack.createdAt, ...Object.values(op?.finished ?? {})].map(Date.parse)
  return new Date(Math.max(...times))
}

export const finishOperation = (_cloud: DevCloud, stack: Stack): void => {
  const op = stack.op
  if (!op) return
  const at = endTime(stack)
  if (op.mode === 'delete') {
    stack.resources = []
    if (op.action === 'DELETE') stack.deletedAt = at.toISOString()
  } else {
    stack.resources = stack.resources.filter((r) => !op.removals.includes(r.name))
  }
  stack.status = 'COMPLETE'
  stack.reason = `Stack ${op.action} completed successfully`
  stack.op = null
  stack.settledAt = at.toISOString()
  stackEvent(stack, at)
}

/** Stops a nested stack whose parent gave up: what was in progress fails, nothing continues. */
export const cancel = (cloud: DevCloud, stack: Stack, at: Date): void => {
  const op = stack.op
  if (!op) return
  stopChildren(cloud, stack, at)
  abortInProgress(stack, at, `${op.action} aborted`)
  stack.status = 'FAILED'
  stack.reason = `Stack ${op.action} cancelled`
  stack.op = null
  stack.settledAt = at.toISOString()
  stackEvent(stack, at)
}

const stopChildren = (cloud: DevCloud, stack: Stack, at: Date) => {
  for (const r of stack.resources) {
    const child = r.status === 'IN_PROGRESS' ? stackById(cloud, r.nestedStackId) : undefined
    if (child) cancel(cloud, child, at)
  }
}

const rollBack = (cloud: DevCloud, stack: Stack, op: NonNullable<Stack['op']>, at: Date) => {
  if (stack.disableRollback || stack.parentId !== null) return
  if (op.action === 'CREATE') startDelete(cloud, stack, at, 'ROLLBACK')
  else if (op.action === 'UPDATE' && op.previous)
    startUpdate(cloud, stack, op.previous, at, 'ROLLBACK')
}

/** A resource failed: the operation fails with "Resource <ACTION> failed: <reason>". */
export const failOperation = (cloud: DevCloud, stack: Stack, at: Date, reason: string): void => {
  const op = stack.op
  if (!op) return
  stopChildren(cloud, stack, at)
  abortInProgress(stack, at, `${op.action} aborted`)
  const failed = stack.resources.find((r) => r.status === 'FAILED' && r.reason === reason)
  stack.status = 'FAILED'
  stack.reason = `Resource ${failed?.action ?? op.action} failed: ${reason}`
  stack.op = null
  stack.settledAt = at.toISOString()
  stackEvent(stack, at)
  rollBack(cloud, stack, op, at)
}

/**
 * The deadline passed: the stack fails "Timed out" (Heat 19's words), what was in progress is
 * aborted, and the stack rolls back if it wants to.
 */
export const timeOut = (cloud: DevCloud, stack: Stack, at: Date): void => {
  const op = stack.op
  if (!op) return
  stopChildren(cloud, stack, at)
  abortInProgress(stack, at, (r) => {
    const type = r.type.includes('::') ? (r.type.split('::').at(-1) ?? r.type) : 'TemplateResource'
    return `${op.action} aborted (Task ${op.action.toLowerCase()} from ${type} "${r.name}" Stack "${stack.name}" [${stack.id}] Timed out)`
  })
  stack.status = 'FAILED'
  stack.reason = 'Timed out'
  stack.op = null
  stack.settledAt = at.toISOString()
  stackEvent(stack, at)
  rollBack(cloud, stack, op, at)
}
