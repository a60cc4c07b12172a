import type { DevCloud } from '../../context'
import type { Stack } from '../model'
import type { NestedStacks, StepResult } from '../resources/types'
import { physicalName } from './names'
import { newStack, startCreate, startDelete, startUpdate } from './operations'
import { outputMap } from './outputs'
import { attributeOf, referenceOf, stackById } from './runtime'

/** A failed nested stack's reason without the "Resource CREATE failed: " its parent adds again. */
const innerReason = (stack: Stack) => stack.reason.replace(/^Resource [A-Z]+ failed: /, '')

/** Nested stacks as resource types use them; they share the root's deadline and never roll back. */
export const nestedStacks = (cloud: DevCloud): NestedStacks => ({
  create(rt, definition) {
    const child = newStack(
      cloud,
      {
        name: physicalName(rt.stack.name, rt.resource.name),
        projectId: rt.stack.projectId,
        userId: rt.stack.userId,
        ownerName: rt.stack.ownerName,
        definition,
        timeoutMins: rt.stack.timeoutMins,
        disableRollback: true,
        tags: null,
        parent: { stack: rt.stack, resource: rt.resource.name },
      },
      rt.now
    )
    startCreate(cloud, child, rt.now)
    return child
  },
  update: (rt, child, definition) => startUpdate(cloud, child, definition, rt.now),
  delete: (rt, child) => startDelete(cloud, child, rt.now),
  find: (id) => stackById(cloud, id),
  outputs: (child) => outputMap(cloud, child, cloud.now()),
  reference(child, name) {
    const r = child.resources.find((x) => x.name === name)
    return r ? referenceOf(cloud, child, r, cloud.now()) : null
  },
  attribute(child, name, attribute, path) {
    const r = child.resources.find((x) => x.name === name)
    return r ? attributeOf(cloud, child, r, attribute, path, cloud.now()) : null
  },
  progress(child): StepResult {
    if (child.op) return { state: 'wait' }
    if (child.status === 'FAILED')
      return { state: 'failed', error: '', message: innerReason(child) }
    return { state: 'done', at: child.settledAt === null ? undefined : new Date(child.settledAt) }
  },
})
