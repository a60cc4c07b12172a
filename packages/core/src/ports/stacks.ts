/**
 * Port: Heat, as the lifecycle needs it. One real adapter in @berth/openstack; the development
 * cloud and real Heat both serve it. All calls are idempotent so a workflow step may run twice.
 */
export type Parameters = Record<string, string | number | boolean>

/** Everything a driver renders to create a stack. */
export interface StackSpec {
  /** Heat stack name (≤255, starts with a letter); deterministic per cluster/nodegroup. */
  name: string
  /** HOT template as an object; `heat_template_version` must be a string. */
  template: Record<string, unknown>
  /** Nested templates and scripts referenced by the template, by name. */
  files: Record<string, string>
  environment: Record<string, unknown>
  parameters: Parameters
  timeoutMins: number
  disableRollback: boolean
  tags: string[]
}

/** A change of an existing stack: PATCH keeps the template, PUT replaces it. */
export interface StackUpdate {
  parameters: Parameters
  /** Absent ⇒ keep the stack's template (Heat "existing" update). */
  template?: Record<string, unknown>
  files?: Record<string, string>
  environment?: Record<string, unknown>
  disableRollback: boolean
  timeoutMins?: number
}

export interface StackState {
  id: string
  name: string
  /** Heat's stack_status, e.g. CREATE_IN_PROGRESS, UPDATE_COMPLETE, DELETE_FAILED. */
  status: string
  reason: string | null
  /** output_key → output_value (null when the output's resource failed). */
  outputs: Record<string, unknown>
  parameters: Record<string, string>
}

export interface FailedResource {
  name: string
  type: string
  reason: string
}

/** A resource Heat is still working on: what a stack that does not finish waits for. */
export interface PendingResource {
  name: string
  type: string
  /** e.g. DELETE_IN_PROGRESS */
  status: string
}

export interface StackPort {
  /** Creates the stack, or returns the existing one of that name (a retried step). */
  create(spec: StackSpec): Promise<{ id: string }>
  /** The stack by id (or name), or undefined once Heat no longer knows it. */
  get(idOrName: string): Promise<StackState | undefined>
  update(id: string, update: StackUpdate): Promise<void>
  /** Deletes; a stack Heat does not know counts as deleted. */
  delete(id: string): Promise<void>
  /** Resources in *_FAILED, nested ones included, for status_reason and faults. */
  failedResources(id: string): Promise<FailedResource[]>
  /**
   * Resources in *_IN_PROGRESS, nested ones included, without the groups and nested stacks
   * that are in progress only because something inside them is.
   */
  pendingResources(id: string): Promise<PendingResource[]>
}
