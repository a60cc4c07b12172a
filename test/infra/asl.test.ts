import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  type AslDocument,
  allTasks,
  listWorkflows,
  placeholderOfTask,
  readWorkflow,
  substitute,
  taskOfPlaceholder,
  UnresolvedPlaceholderError,
  type WorkflowDefinition,
} from '../../stepfunctions/definitions'
import { checkWorkflow, fakeFunctionArn } from './asl-check'

const ROOT = join(import.meta.dirname, '..', '..')
const STEPFUNCTIONS = join(ROOT, 'stepfunctions')
const TASK_DIR = join(ROOT, 'functions', 'workflow')
const REGISTRY = join(TASK_DIR, 'registry.ts')

/** The runtime's task registry, when there is one: every task an ASL file names must be in it. */
const registeredTasks = async (): Promise<Set<string> | undefined> => {
  if (!existsSync(REGISTRY)) return undefined
  const registry = (await import(REGISTRY)) as { TASKS?: Record<string, unknown> }
  return registry.TASKS ? new Set(Object.keys(registry.TASKS)) : undefined
}

/** `${Name}`, written so that no string literal looks like a mistaken template. */
const ref = (name: string) => `\${${name}}`

const retry = [{ ErrorEquals: ['OpenStack.Transient'], MaxAttempts: 3 }]
/** A small, correct workflow in the house style: task, choice, failure recording. */
const good = (): AslDocument => ({
  StartAt: 'DoWork',
  States: {
    DoWork: {
      Type: 'Task',
      Resource: ref('DoWorkFunctionArn'),
      Retry: retry,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
      Next: 'Done',
    },
    Done: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Succeeded' }],
      Default: 'RecordFailure',
    },
    RecordFailure: { Type: 'Task', Resource: ref('RecordFailureFunctionArn'), Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'Berth.Failed' },
    Succeeded: { Type: 'Succeed' },
  },
})

const workflowOf = (document: AslDocument, name = 'fixture'): WorkflowDefinition => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-asl-'))
  const file = join(dir, `${name}.asl.json`)
  writeFileSync(file, JSON.stringify(document))
  return readWorkflow(file)
}

/** A task directory holding handler files for exactly these tasks. */
const taskDirWith = (...tasks: string[]): string => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-tasks-'))
  for (const t of tasks) writeFileSync(join(dir, `${t}.ts`), 'export const handler = 1\n')
  return dir
}

describe('Placeholder convention', () => {
  it('maps <Task>FunctionArn placeholders to the kebab-case task file and back', () => {
    expect(taskOfPlaceholder('CreateClusterStackFunctionArn')).toBe('create-cluster-stack')
    expect(taskOfPlaceholder('PollStacksFunctionArn')).toBe('poll-stacks')
    expect(taskOfPlaceholder('Poll2StacksFunctionArn')).toBe('poll2-stacks')
    expect(taskOfPlaceholder('TableName')).toBeUndefined()
    expect(taskOfPlaceholder('createStackFunctionArn')).toBeUndefined()
    for (const task of ['create-cluster-stack', 'poll-stacks', 'record-failure', 'poll2-stacks']) {
      expect(taskOfPlaceholder(placeholderOfTask(task))).toBe(task)
    }
  })

  it('reads a workflow’s placeholders and tasks', () => {
    const w = workflowOf(good(), 'demo-flow')
    expect(w.name).toBe('demo-flow')
    expect(w.placeholders).toEqual(['DoWorkFunctionArn', 'RecordFailureFunctionArn'])
    expect(w.tasks).toEqual(['do-work', 'record-failure'])
  })
})

describe('Function: substitute', () => {
  it('fills every placeholder and returns valid JSON', () => {
    const w = workflowOf(good())
    const text = substitute(w, {
      DoWorkFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:a',
      RecordFailureFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:"b"',
    })
    const doc = JSON.parse(text) as AslDocument
    expect(doc.States.DoWork?.Resource).toBe('arn:aws:lambda:eu-west-1:1:function:a')
    expect(doc.States.RecordFailure?.Resource).toBe('arn:aws:lambda:eu-west-1:1:function:"b"')
    expect(text).not.toMatch(/\$\{/)
  })

  it('fails naming every unresolved placeholder', () => {
    const w = workflowOf(good(), 'cluster-x')
    const act = () => substitute(w, { DoWorkFunctionArn: 'arn:aws:lambda:::function:a' })
    expect(act).toThrow(UnresolvedPlaceholderError)
    expect(act).toThrow(`cluster-x: unresolved placeholder(s) ${ref('RecordFailureFunctionArn')}`)
  })

  it('fails when a value would itself leave a placeholder behind', () => {
    const w = workflowOf(good())
    expect(() =>
      substitute(w, { DoWorkFunctionArn: ref('Sneaky'), RecordFailureFunctionArn: 'arn:x' })
    ).toThrow(/\$\{Sneaky\}/)
  })
})

describe('Function: checkWorkflow (on fixtures)', () => {
  it('finds nothing wrong with a correct workflow', () => {
    const taskDir = taskDirWith('do-work', 'record-failure')
    expect(checkWorkflow(workflowOf(good()), { taskDir })).toEqual([])
  })

  it('names a dangling Next, Default and Catch target, and unreachable states', () => {
    const doc = good()
    doc.States.DoWork = { ...doc.States.DoWork, Type: 'Task', Next: 'Nowhere' }
    doc.States.Orphan = { Type: 'Succeed' }
    const problems = checkWorkflow(workflowOf(doc), {
      taskDir: taskDirWith('do-work', 'record-failure'),
    })
    expect(problems).toContain('fixture: DoWork → Nowhere, no such state')
    expect(problems).toContain('fixture: Orphan is unreachable from DoWork')
    expect(problems.some((p) => p.includes('asl-validator'))).toBe(true)
  })

  it('names a catch target that does not exist', () => {
    const doc = good()
    doc.States.DoWork = {
      ...doc.States.DoWork,
      Type: 'Task',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
    }
    const problems = checkWorkflow(workflowOf(doc), {
      taskDir: taskDirWith('do-work', 'record-failure'),
    })
    expect(problems).toContain('fixture: DoWork → Recover, no such state')
  })

  it('names a task with no handler file, and one the runtime does not register', () => {
    const problems = checkWorkflow(workflowOf(good()), {
      taskDir: taskDirWith('do-work'),
      registeredTasks: new Set(['record-failure']),
    })
    expect(problems).toEqual([
      expect.stringMatching(/^fixture: task do-work is not registered/),
      expect.stringMatching(/^fixture: task record-failure has no handler .*record-failure\.ts$/),
    ])
  })

  it('names a placeholder outside the convention', () => {
    const doc = good()
    doc.States.RecordFailure = { Type: 'Task', Resource: ref('Mystery'), Next: 'Failed' }
    expect(checkWorkflow(workflowOf(doc), { taskDir: taskDirWith('do-work') })).toEqual([
      `fixture: ${ref('Mystery')} is not a <Task>FunctionArn placeholder`,
    ])
  })

  it('passes asl-validator’s findings on, such as a Task without Resource', () => {
    const doc = good()
    doc.States.RecordFailure = { Type: 'Task', Next: 'Failed' }
    const problems = checkWorkflow(workflowOf(doc), { taskDir: taskDirWith('do-work') })
    expect(problems).toEqual([expect.stringMatching(/^fixture: asl-validator: /)])
  })

  it('checks inside Parallel branches as their own scope', () => {
    const doc = good()
    doc.States.Done = {
      Type: 'Parallel',
      Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }],
      Next: 'Succeeded',
    }
    const problems = checkWorkflow(workflowOf(doc), {
      taskDir: taskDirWith('do-work', 'record-failure'),
    })
    expect(problems).toContain('fixture › Done[0]: A → B, no such state')
  })
})

describe('The workflows in stepfunctions/', async () => {
  const workflows = listWorkflows(STEPFUNCTIONS)
  const registered = await registeredTasks()

  it('are named after what they do, one file each', () => {
    for (const w of workflows) expect(w.name).toMatch(/^[a-z]+(-[a-z]+)*$/)
  })

  it.each(workflows.map((w) => [w.name, w] as const))('%s is valid and complete', (_, w) => {
    expect(checkWorkflow(w, { taskDir: TASK_DIR, registeredTasks: registered })).toEqual([])
  })

  it.each(workflows.map((w) => [w.name, w] as const))(
    '%s deploys only with every task ARN supplied',
    (_, w) => {
      const arns = Object.fromEntries(
        w.placeholders.map((p) => [p, fakeFunctionArn(taskOfPlaceholder(p) ?? p)])
      )
      expect(JSON.parse(substitute(w, arns))).toBeTruthy()
      for (const p of w.placeholders) {
        const { [p]: _dropped, ...fewer } = arns
        expect(() => substitute(w, fewer)).toThrow(UnresolvedPlaceholderError)
      }
    }
  )

  it('name tasks that all have handlers', () => {
    for (const task of allTasks(workflows)) {
      expect(existsSync(join(TASK_DIR, `${task}.ts`)), task).toBe(true)
    }
  })
})
