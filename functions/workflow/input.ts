import { type WorkflowInput, WorkflowInputSchema } from '@berth/core/ports/orchestrator'

/**
 * A step's input from the state a Task state passes: the execution input at its root (checked)
 * plus what earlier states added (`poll`, `error`), which the step reads as its type says.
 */
export const stepInput = <I extends WorkflowInput>(state: Record<string, unknown>): I =>
  ({ ...state, ...WorkflowInputSchema.parse(state) }) as unknown as I
