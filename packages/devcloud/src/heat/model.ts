import { z } from 'zod'

export const ActionSchema = z.enum(['INIT', 'CREATE', 'UPDATE', 'DELETE', 'ROLLBACK'])
export type Action = z.infer<typeof ActionSchema>
export const StatusSchema = z.enum(['IN_PROGRESS', 'COMPLETE', 'FAILED'])
export type Status = z.infer<typeof StatusSchema>

const Json = z.record(z.string(), z.unknown())

export const HeatEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  resourceName: z.string(),
  physicalId: z.string(),
  status: z.string(),
  reason: z.string(),
})
export type HeatEvent = z.infer<typeof HeatEventSchema>

/** One resource of a stack, with what its type's handler keeps about the real thing. */
export const HeatResourceSchema = z.object({
  name: z.string(),
  /** The type as the template writes it (`OS::Nova::Server`, `file:///…/node.yaml`). */
  type: z.string(),
  action: ActionSchema,
  status: StatusSchema,
  reason: z.string(),
  physicalId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Resolved properties of the last successful create/update; null before that. */
  properties: Json.nullable(),
  /** Handler state (the server id, the random value, the nested stack…). */
  data: Json,
  /** When the current step is due; null when idle. */
  dueAt: z.string().nullable(),
  /** What is due: calling the handler (again, if the cloud was busy), or checking on it. */
  step: z.enum(['call', 'check']).nullable(),
  /** The kind of change in flight. */
  change: z.enum(['create', 'update', 'replace', 'delete']).nullable(),
  /** The properties the current step works with (set when it starts). */
  pending: Json.nullable(),
  /** The traversal the current or last step began under. */
  traversal: z.string().nullable().optional(),
  nestedStackId: z.string().nullable(),
  /** Names this resource depends on (explicit and through functions). */
  requires: z.array(z.string()),
})
export type HeatResource = z.infer<typeof HeatResourceSchema>

export const EnvironmentSchema = z.object({
  parameters: Json,
  parameter_defaults: Json,
  resource_registry: Json,
  event_sinks: z.array(z.unknown()),
  encrypted_param_names: z.array(z.string()),
})
export type Environment = z.infer<typeof EnvironmentSchema>

/** What a stack is built from; kept per operation so an update can roll back. */
export const DefinitionSchema = z.object({
  template: Json,
  files: z.record(z.string(), z.string()),
  environment: EnvironmentSchema,
})
export type Definition = z.infer<typeof DefinitionSchema>

/** The operation in flight (create, update, delete, rollback) and its bookkeeping. */
export const OperationSchema = z.object({
  action: ActionSchema,
  startedAt: z.string(),
  /**
   * Heat's traversal: an update accepted while another operation runs starts a new one, and a
   * step begun under the old traversal finishes without counting as done for the new.
   */
  traversal: z.string().optional(),
  /** Past this the operation fails with "<Action> timed out"; null ⇒ no timeout. */
  deadline: z.string().nullable(),
  /** Forward (create/update, a rollback to the previous definition) or tearing down. */
  mode: z.enum(['forward', 'delete']),
  /** Resources this operation has finished with, and when (an update's unchanged ones too). */
  finished: z.record(z.string(), z.string()),
  /** Resources an update removes once everything else is done. */
  removals: z.array(z.string()),
  /** What an update replaced, to roll back to. */
  previous: DefinitionSchema.nullable(),
  /** The logical clock: nothing in this operation happens before it. */
  clock: z.string(),
})
export type Operation = z.infer<typeof OperationSchema>

export const StackSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  userId: z.string(),
  ownerName: z.string(),
  parentId: z.string().nullable(),
  parentResource: z.string().nullable(),
  rootId: z.string(),
  definition: DefinitionSchema,
  timeoutMins: z.number().nullable(),
  disableRollback: z.boolean(),
  tags: z.array(z.string()).nullable(),
  action: ActionSchema,
  status: StatusSchema,
  reason: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  stackUserProjectId: z.string(),
  /** When the last operation ended (a parent's nested resource completes then). */
  settledAt: z.string().nullable(),
  resources: z.array(HeatResourceSchema),
  events: z.array(HeatEventSchema),
  op: OperationSchema.nullable(),
})
export type Stack = z.infer<typeof StackSchema>
