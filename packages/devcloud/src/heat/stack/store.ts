import type { DevCloud } from '../../context'
import type { SettleResult } from '../../settlement'
import type { Stack } from '../model'
import { advanceStack } from './runner'
import { stackById } from './runtime'

const isUuid = (s: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)

/**
 * A stack by name or id, as Heat identifies them: names only find stacks that are not deleted
 * (in the caller's project); ids find deleted ones too, until they are purged — the caller's
 * own, or any for an admin.
 */
export const identifyStack = (
  cloud: DevCloud,
  projectId: string,
  nameOrId: string,
  admin = false
): Stack | undefined => {
  const { stacks } = cloud.state.data
  const byName = stacks.find(
    (s) => s.name === nameOrId && s.projectId === projectId && s.deletedAt === null
  )
  if (byName) return byName
  if (!isUuid(nameOrId)) return undefined
  return stacks.find((s) => s.id === nameOrId && (admin || s.projectId === projectId))
}

/** The stack, its nested stacks, theirs… */
export const withDescendants = (cloud: DevCloud, stack: Stack): Stack[] => [
  stack,
  ...cloud.state.data.stacks
    .filter((s) => s.parentId === stack.id)
    .flatMap((s) => withDescendants(cloud, s)),
]

/**
 * Advances every stack with an operation (children through their parents, orphans on their
 * own) and purges deleted stacks once their retention has passed.
 */
export const settleStacks = (cloud: DevCloud, now: Date): SettleResult => {
  const { data } = cloud.state
  let changed = false
  for (const stack of [...data.stacks]) {
    if (!stack.op) continue
    const parent = stackById(cloud, stack.parentId)
    if (parent?.op) continue
    changed = advanceStack(cloud, stack, now) || changed
  }
  const horizon = now.getTime() - cloud.timing.deletedStackRetentionMs
  const purged = new Set(
    data.stacks
      .filter(
        (s) => s.parentId === null && s.deletedAt !== null && Date.parse(s.deletedAt) <= horizon
      )
      .flatMap((s) => withDescendants(cloud, s).map((d) => d.id))
  )
  if (purged.size > 0) {
    data.stacks = data.stacks.filter((s) => !purged.has(s.id))
    changed = true
  }
  // Purging needs no timer: a deleted stack is only seen through requests, which settle first.
  const pending = data.stacks.some((s) => s.op !== null)
  return { changed, pending }
}
