import * as z from 'zod/mini'
import type { Operation } from '../clusters/model'
import { PermanentStepError } from './errors'

/** Parameters each operation kind carries in `operation.params`, written by the API use-cases. */
export const UpdateParams = z.object({
  nodegroup_uuid: z.string(),
  node_count: z.int().check(z.gte(0)),
  nodes_to_remove: z._default(z.array(z.string()), []),
  rollback: z._default(z.boolean(), false),
  previous_node_count: z.optional(z.int().check(z.gte(0))),
  /** Set by the step once Heat accepted the update, so a re-run does not update twice. */
  stack_update_issued: z.optional(z.boolean()),
})
export const UpgradeParams = z.object({
  cluster_template_uuid: z.string(),
  max_batch_size: z._default(z.int().check(z.gte(1)), 1),
  nodegroup_uuid: z.string(),
  stack_update_issued: z.optional(z.boolean()),
})

export const paramsOf = <S extends z.ZodMiniType>(schema: S, op: Operation): z.output<S> => {
  const parsed = schema.safeParse(op.params)
  if (!parsed.success) {
    throw new PermanentStepError(
      `operation ${op.id} (${op.kind}) has invalid parameters: ${parsed.error.message}`
    )
  }
  return parsed.data
}
