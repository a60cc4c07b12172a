import type { Actor } from '../../actor'
import type { DevCloud } from '../../context'
import type { Definition, HeatResource, Stack } from '../model'
import type { Client } from './failures'
import type { PropertySchemas } from './properties'

/** How one step of a resource went. `at` is when it finished, if later than planned. */
export type StepResult =
  | { state: 'done'; at?: Date }
  | { state: 'wait'; until?: Date }
  /** Nothing happened yet (the cloud is busy): try the same step again later. */
  | { state: 'retry' }
  | { state: 'failed'; error: string; message: string }

export const DONE: StepResult = { state: 'done' }
export const WAIT: StepResult = { state: 'wait' }
export const RETRY: StepResult = { state: 'retry' }
export const failed = (error: string, message: string): StepResult => ({
  state: 'failed',
  error,
  message,
})

/** Nested stacks, as resource types see them (ResourceGroup, provider templates). */
export interface NestedStacks {
  create(rt: ResourceRuntime, definition: Definition): Stack
  update(rt: ResourceRuntime, child: Stack, definition: Definition): void
  delete(rt: ResourceRuntime, child: Stack): void
  find(id: string | null): Stack | undefined
  /** The nested stack's output values (null for those whose resources are not there). */
  outputs(child: Stack): Record<string, unknown>
  /** A nested stack's resource: its reference, or an attribute (with a path into it). */
  reference(child: Stack, resource: string): unknown
  attribute(child: Stack, resource: string, attribute: string, path: unknown[]): unknown
  /** Where a nested stack stands: still working, done (and when), or failed (and why). */
  progress(child: Stack): StepResult
}

/** What a handler works with while one of its resources takes a step. */
export interface ResourceRuntime {
  cloud: DevCloud
  stack: Stack
  resource: HeatResource
  /** The stack's owner: Heat acts in the owner's project, as with the user's trust. */
  actor: Actor
  /** The logical time of this step. */
  now: Date
  /** `<stack>-<resource>-<random>`, Heat's physical names for things that have no id. */
  physicalName(): string
  nested: NestedStacks
  /** The resource's type as written in the template, and the provider file if there is one. */
  implementation:
    | { kind: 'builtin'; name: string }
    | { kind: 'template'; file: string; content: string; facade: string | undefined }
}

export type Props = Record<string, unknown>

/** A resource type: its interface (properties, attributes) and how it acts on the cloud. */
export interface ResourceType {
  properties: PropertySchemas | 'any'
  /** Attribute names get_attr may use; 'any' ⇒ not checked. */
  attributes: readonly string[] | 'any'
  create(rt: ResourceRuntime, props: Props): StepResult
  /** Polled after the planned time until done (a server ACTIVE, a nested stack COMPLETE). */
  checkCreate?(rt: ResourceRuntime): StepResult
  /** In-place update; 'replace' asks for a new resource instead. Absent ⇒ always replace. */
  update?(rt: ResourceRuntime, props: Props, previous: Props): StepResult | 'replace'
  checkUpdate?(rt: ResourceRuntime): StepResult
  /** Whether an update is needed beyond a change of properties (a provider template's text). */
  changed?(rt: ResourceRuntime, props: Props, previous: Props): boolean
  delete(rt: ResourceRuntime): StepResult
  checkDelete?(rt: ResourceRuntime): StepResult
  /** get_resource; default the physical id. */
  reference?(rt: ResourceRuntime): unknown
  attribute(rt: ResourceRuntime, name: string): unknown
  /** What resource show lists as attributes, when it is not simply every attribute's value. */
  describe?(rt: ResourceRuntime): Record<string, unknown>
  /** For types where a path means something else than selecting into the value (groups). */
  attributeAt?(rt: ResourceRuntime, name: string, path: unknown[]): unknown
  /** The client library whose errors this type's failures carry. Default heat. */
  client?: Client
  /** Resource types this one implicitly waits for in the same stack (Heat's add_dependencies). */
  implicitDependsOnTypes?: readonly string[]
}
