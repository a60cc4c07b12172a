import {
  ConflictError,
  DependencyError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  UnauthorizedError,
} from '@berth/core/errors'
import { PermanentStepError } from '@berth/core/lifecycle/errors'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { OpenStackError, toCoreError } from './errors'
import { HttpClient } from './http'
import { type ScriptedServer, startScriptedServer } from './test-support'
import {
  classifyFailure,
  OpenStackAuthError,
  OpenStackClientError,
  OpenStackConflictError,
  OpenStackTransientError,
  openStackError,
  RETRYABLE_WORKFLOW_ERRORS,
  toWorkflowError,
  WORKFLOW_ERROR_NAMES,
  WorkflowError,
  workflowErrorName,
} from './workflow-errors'

const init = (status: number, failure: OpenStackError['failure'] = 'http') => ({
  service: 'heat',
  method: 'PATCH',
  url: 'http://heat/v1/p/stacks/s/i',
  status,
  failure,
  detail: 'Stack s already has an action (UPDATE) in progress.',
})

let server: ScriptedServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('Constant: WORKFLOW_ERROR_NAMES', () => {
  it('are the strings the state machines match', () => {
    expect(WORKFLOW_ERROR_NAMES).toEqual({
      Conflict: 'OpenStack.Conflict',
      Transient: 'OpenStack.Transient',
      Auth: 'OpenStack.Auth',
      Client: 'OpenStack.Client',
    })
    expect(RETRYABLE_WORKFLOW_ERRORS).toEqual(['OpenStack.Conflict', 'OpenStack.Transient'])
  })
})

describe('Function: classifyFailure', () => {
  it.each([
    [409, 'OpenStack.Conflict'],
    [401, 'OpenStack.Auth'],
    [403, 'OpenStack.Auth'],
    [429, 'OpenStack.Transient'],
    [500, 'OpenStack.Transient'],
    [503, 'OpenStack.Transient'],
    [400, 'OpenStack.Client'],
    [404, 'OpenStack.Client'],
    [413, 'OpenStack.Client'],
  ])('names HTTP %i %s', (status, name) => {
    expect(classifyFailure(status, 'http')).toBe(name)
  })

  it('treats no answer, or an unreadable one, as transient', () => {
    for (const f of ['timeout', 'network', 'invalid-response'] as const) {
      expect(classifyFailure(0, f)).toBe('OpenStack.Transient')
    }
  })

  it('gives every status exactly one of the four names', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), (status) => {
        const name = classifyFailure(status, 'http')
        expect(Object.values(WORKFLOW_ERROR_NAMES)).toContain(name)
        expect(RETRYABLE_WORKFLOW_ERRORS.includes(name)).toBe(
          status === 409 || status === 429 || status >= 500
        )
      })
    )
  })
})

describe('Function: openStackError', () => {
  it('builds the subclass whose name is the workflow name, still an OpenStackError', () => {
    const cases = [
      [409, OpenStackConflictError],
      [500, OpenStackTransientError],
      [401, OpenStackAuthError],
      [400, OpenStackClientError],
    ] as const
    for (const [status, cls] of cases) {
      const e = openStackError(init(status))
      expect(e).toBeInstanceOf(cls)
      expect(e).toBeInstanceOf(OpenStackError)
      expect(e.name).toBe(classifyFailure(status, 'http'))
      expect(e.status).toBe(status)
    }
  })

  it('keeps toCoreError mapping for the API', () => {
    expect(toCoreError(openStackError(init(409)))).toBeInstanceOf(ConflictError)
    expect(toCoreError(openStackError(init(401)))).toBeInstanceOf(UnauthorizedError)
    expect(toCoreError(openStackError(init(400)))).toBeInstanceOf(InvalidError)
    expect(toCoreError(openStackError(init(0, 'timeout')))).toBeInstanceOf(DependencyError)
  })
})

describe('Class: HttpClient (workflow names)', () => {
  it('throws the named subclass for what the service answered', async () => {
    // Prepare
    const answers = [409, 403, 404, 502]
    let i = 0
    server = await startScriptedServer(() => ({
      status: answers[i++] ?? 500,
      body: { error: { message: 'nope' } },
    }))
    const http = new HttpClient({ retries: 0 })

    // Act
    const names: string[] = []
    for (let n = 0; n < answers.length; n++) {
      await http
        .request({ service: 'heat', method: 'GET', url: server.url })
        .catch((e: Error) => names.push(e.name))
    }

    // Assess
    expect(names).toEqual([
      'OpenStack.Conflict',
      'OpenStack.Auth',
      'OpenStack.Client',
      'OpenStack.Transient',
    ])
  })

  it('names a timeout transient', async () => {
    server = await startScriptedServer(() => ({ status: 200, body: {}, delayMs: 300 }))
    const http = new HttpClient({ retries: 0, timeoutMs: 50 })
    const e = await http
      .request({ service: 'heat', method: 'GET', url: server.url })
      .catch((x) => x)
    expect(e).toBeInstanceOf(OpenStackTransientError)
  })
})

describe('Function: toWorkflowError', () => {
  it('leaves named OpenStack errors alone and names plain ones', () => {
    const named = openStackError(init(409))
    expect(toWorkflowError(named)).toBe(named)
    const plain = new OpenStackError(init(503))
    const renamed = toWorkflowError(plain)
    expect(renamed).toBeInstanceOf(OpenStackTransientError)
    expect((renamed as Error).cause).toBe(plain)
  })

  it('unwraps the OpenStack failure inside a core error', () => {
    const inner = openStackError(init(401))
    const wrapped = new UnauthorizedError('The request you have made requires authentication.', {
      cause: inner,
    })
    expect(toWorkflowError(wrapped)).toBe(inner)
  })

  it('keeps a refusal a refusal whatever status carried it', () => {
    const gone = openStackError(init(404))
    const e = toWorkflowError(new UnauthorizedError('no such credential', { cause: gone }))
    expect(e).toBeInstanceOf(WorkflowError)
    expect((e as Error).name).toBe('OpenStack.Auth')
    expect(workflowErrorName(new InvalidError('bad', { cause: openStackError(init(400)) }))).toBe(
      'OpenStack.Client'
    )
  })

  it('names core errors without an OpenStack cause by kind', () => {
    expect(workflowErrorName(new ForbiddenError('no'))).toBe('OpenStack.Auth')
    expect(workflowErrorName(new DependencyError('keystone', 'down'))).toBe('OpenStack.Transient')
    expect(workflowErrorName(new ConflictError('busy'))).toBe('OpenStack.Conflict')
    expect(workflowErrorName(new NotFoundError('gone'))).toBe('OpenStack.Client')
    const rejected = new DependencyError('keystone', "Berth's service account was rejected", {
      cause: new UnauthorizedError('The request you have made requires authentication.'),
    })
    expect(workflowErrorName(rejected)).toBe('OpenStack.Auth')
    expect((toWorkflowError(rejected) as Error).message).toMatch(/service account/)
    const e = toWorkflowError(new DependencyError('keystone', 'down'))
    expect(e).toBeInstanceOf(WorkflowError)
    expect((e as Error).message).toBe('keystone: down')
  })

  it("keeps the core's own workflow errors and anything unknown as they are", () => {
    const permanent = new PermanentStepError('no driver')
    expect(toWorkflowError(permanent)).toBe(permanent)
    const bug = new TypeError('x is undefined')
    expect(toWorkflowError(bug)).toBe(bug)
    expect(workflowErrorName(bug)).toBeUndefined()
    expect(toWorkflowError('a string')).toBe('a string')
  })
})
