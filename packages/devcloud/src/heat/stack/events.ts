import { randomUuid } from '../../ids'
import type { HeatResource, Stack } from '../model'

/** Heat keeps this many events per stack and drops the oldest. */
export const MAX_EVENTS = 1000

const record = (
  stack: Stack,
  at: Date,
  resourceName: string,
  physicalId: string,
  status: string,
  reason: string
) => {
  stack.events.push({
    id: randomUuid(),
    at: at.toISOString(),
    resourceName,
    physicalId,
    status,
    reason,
  })
  if (stack.events.length > MAX_EVENTS) stack.events.splice(0, stack.events.length - MAX_EVENTS)
}

/** A resource's transition, e.g. CREATE_IN_PROGRESS "state changed". */
export const resourceEvent = (stack: Stack, r: HeatResource, at: Date, reason = 'state changed') =>
  record(stack, at, r.name, r.physicalId, `${r.action}_${r.status}`, reason)

/** The stack's own transition: its name as the resource, its id as the physical id. */
export const stackEvent = (stack: Stack, at: Date) =>
  record(stack, at, stack.name, stack.id, `${stack.action}_${stack.status}`, stack.reason)
