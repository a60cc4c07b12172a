import type { RenderContext } from '@berth/core/ports/drivers'
import type { StackUpdate } from '@berth/core/ports/stacks'
import type { HotParameter } from '../heat/hot'
import { PAYLOAD_SAFE } from './labels'
import type { CoeProfile } from './profile'

/**
 * CA rotation in place, for drivers whose nodes take every certificate from Berth's API. Each
 * generation of the cluster's CAs has an id (the operation that made them); a stack parameter
 * carries it into every server's metadata, which Heat updates without replacing the server,
 * and a timer on each node re-issues the node's certificates when it changes (see
 * scripts/ca-rotation.ts). Nothing is rebuilt, and etcd keeps its data.
 */
export const CA_ROTATION_PARAMETER = 'ca_rotation_id'

/** The server metadata key nodes watch. */
export const CA_ROTATION_METADATA = 'berth_ca_rotation'

const ID = new RegExp(PAYLOAD_SAFE)

const checked = (id: string): string => {
  if (!ID.test(id)) throw new Error(`invalid CA generation id: ${JSON.stringify(id)}`)
  return id
}

export const caRotationParameters = (p: CoeProfile): Record<string, HotParameter> =>
  p.caRotation
    ? {
        [CA_ROTATION_PARAMETER]: {
          type: 'string',
          description: "generation of the cluster's CAs the nodes follow (server metadata)",
          default: '',
          constraints: [{ allowed_pattern: PAYLOAD_SAFE }],
        },
      }
    : {}

/** The current generation, so that re-rendering a stack never looks like a rotation. */
export const caRotationValues = (p: CoeProfile, ctx: RenderContext): Record<string, string> =>
  p.caRotation
    ? { [CA_ROTATION_PARAMETER]: checked(ctx.cluster.certificates?.operation_id ?? '') }
    : {}

/** The update of a stack (the cluster's or a nodegroup's) that hands its nodes new CAs. */
export const caRotationUpdate = (rotationId: string): StackUpdate => ({
  parameters: { [CA_ROTATION_PARAMETER]: checked(rotationId) },
  disableRollback: true,
})
