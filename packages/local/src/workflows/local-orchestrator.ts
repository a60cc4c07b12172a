import './promise-polyfill'
import type { OperationKind } from '@berth/core/clusters'
import type { LifecycleDeps } from '@berth/core/lifecycle'
import type { Orchestrator, WorkflowInput } from '@berth/core/ports/orchestrator'
import { StateMachine } from 'aws-local-stepfunctions'

type JSONValue = Parameters<NonNullable<StateMachine['run']>>[0]
/** One entry of an execution's event log (StateEntered, StateRetried, ExecutionSucceeded…). */
export type ExecutionEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never

import { TASKS, taskNameOfResource } from '../../../../functions/workflow/registry'
import type { AslDefinition } from './definitions'

export interface LocalOrchestratorOptions {
  /** Pause of the stack-poll Wait state, in ms (AWS uses the step's backoff in seconds). */
  pollMs: number
  /** Pause before each retry of a failed step, in ms. */
  retryMs: number
  log?: (line: string, fields?: Record<string, unknown>) => void
  /**
   * Opt-in: every event of every execution, e.g. to count state transitions (benchmarks).
   * Without it the event logs are not read.
   */
  onEvent?: (executionName: string, event: ExecutionEvent) => void
}

interface Running {
  abort: () => void
  done: Promise<void>
}

/**
 * Runs the very ASL files AWS deploys, in this process, with aws-local-stepfunctions: each Task
 * state calls the workflow step its Resource names, with real dependencies. Only waits and
 * retry pauses are shortened. Executions live in memory: after a restart the reconciler
 * resumes whatever was cut off.
 */
export class LocalOrchestrator implements Orchestrator {
  private readonly running = new Map<string, Running>()
  private readonly machines = new Map<OperationKind, StateMachine>()

  constructor(
    private readonly deps: LifecycleDeps,
    private readonly definitions: Map<OperationKind, AslDefinition>,
    private readonly options: LocalOrchestratorOptions
  ) {}

  private machine(kind: OperationKind): { machine: StateMachine; definition: AslDefinition } {
    const definition = this.definitions.get(kind)
    if (!definition) throw new Error(`no state machine for ${kind}`)
    let machine = this.machines.get(kind)
    if (!machine) {
      machine = new StateMachine(definition as never)
      this.machines.set(kind, machine)
    }
    return { machine, definition }
  }

  private overrides(definition: AslDefinition) {
    const tasks: Record<string, (input: JSONValue) => Promise<JSONValue>> = {}
    const retries: Record<string, number> = {}
    const waits: Record<string, number> = {}
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type === 'Wait') waits[name] = this.options.pollMs
      if (state.Type !== 'Task') continue
      const task = taskNameOfResource(state.Resource ?? '')
      const step = task ? TASKS[task] : undefined
      if (!step) throw new Error(`state ${name} names no known task: ${state.Resource}`)
      // Steps return plain JSON-able objects; the runner passes them on as the state's result.
      tasks[name] = async (input) =>
        (await step(this.deps, input as Record<string, unknown>)) as JSONValue
      retries[name] = this.options.retryMs
    }
    return {
      taskResourceLocalHandlers: tasks,
      retryIntervalOverrides: retries,
      waitTimeOverrides: waits,
    }
  }

  async start(executionName: string, input: WorkflowInput): Promise<void> {
    if (this.running.has(executionName)) return
    const { machine, definition } = this.machine(input.kind)
    const execution = machine.run(input, {
      overrides: this.overrides(definition),
      noThrowOnAbort: true,
      context: {
        Execution: { Name: executionName, Input: input, StartTime: new Date().toISOString() },
      },
    })
    const onEvent = this.options.onEvent
    // Read alongside the run; the log ends when the execution does. A failing listener only
    // stops the listening, never the execution.
    const events = onEvent
      ? (async () => {
          for await (const event of execution.eventLogs) onEvent(executionName, event)
        })().catch(() => undefined)
      : Promise.resolve()
    const done = Promise.all([execution.result, events]).then(
      () => this.options.log?.('workflow finished', { execution: executionName }),
      (e: unknown) =>
        this.options.log?.('workflow failed', {
          execution: executionName,
          error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        })
    )
    const entry = {
      abort: execution.abort,
      done: done.finally(() => this.running.delete(executionName)),
    }
    this.running.set(executionName, entry)
  }

  async isRunning(executionName: string): Promise<boolean> {
    return this.running.has(executionName)
  }

  /** Resolves once no execution is running (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.done))
  }

  /** Stops every execution where it is, as a crash would; the reconciler resumes them later. */
  async stop(): Promise<void> {
    const all = [...this.running.values()]
    for (const r of all) r.abort()
    await Promise.all(all.map((r) => r.done))
  }
}
