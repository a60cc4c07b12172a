import * as z from 'zod'
import type { Operation } from '../clusters/model'
import { PermanentStepError } from './errors'

/** Parameters each operation kind carries in `operation.params`, written by the API use-cases. */
export const UpdateParams = z.object({
  nodegroup_uuid: z.string(),
  node_count: z.number().int().min(0),
  nodes_to_remove: z.array(z.string()).default([]),
  rollback: z.boolean().default(false),
  previous_node_count: z.number().int().min(0).optional(),
  /** Set by the step once Heat accepted the update, so a re-run does not update twice. */
  stack_update_issued: z.boolean().optional(),
})
export const UpgradeParams = z.object({
  cluster_template_uuid: z.string(),
  max_batch_size: z.number().int().min(1).default(1),
  nodegroup_uuid: z.string(),
  stack_update_issued: z.boolean().optional(),
})

export const paramsOf = <S extends z.ZodType>(schema: S, op: Operation): z.output<S> => {
  const parsed = schema.safeParse(op.params)
  if (!parsed.success) {
    throw new PermanentStepError(
      `operation ${op.id} (${op.kind}) has invalid parameters: ${parsed.error.message}`
    )
  }
  return parsed.data
}
