import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type RunningDevCloud, startDevCloud } from '@berth/devcloud'
import { loadConfig } from '@berth/shared/config'
import type { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp } from './app'
import { createDeps } from './deps'
import type { AppEnv } from './env'

/**
 * The Hono app behind API Gateway's HTTP API (payload format 2.0) through hono/aws-lambda, as
 * functions/api/index.ts deploys it, driven by recorded-shape events. Keystone is the
 * development cloud on loopback; DynamoDB is configured but never reached: every request here
 * is answered before the store (versions, identity, strict query and body checks, 404).
 */

interface V2Event {
  rawPath: string
  rawQueryString: string
  headers: Record<string, string>
  cookies?: string[]
  body?: string
  isBase64Encoded: boolean
  requestContext: { requestId: string; http: { method: string } }
}

interface V2Result {
  statusCode: number
  headers: Record<string, string>
  body: string
  isBase64Encoded: boolean
  cookies?: string[]
}

const ROOT = join(import.meta.dirname, '..', '..')
const FIXTURES = join(ROOT, 'test', 'fixtures', 'apigw-v2')
const fixture = (name: string, token?: string): V2Event => {
  const event = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as V2Event
  if (token !== undefined && 'x-auth-token' in event.headers) event.headers['x-auth-token'] = token
  return event
}
const lambdaContext = {
  awsRequestId: '6f2b7a1e-0c1d-4e5f-9a8b-7c6d5e4f3a2b',
  functionName: 'berth-test-ApiRouteHandler',
  getRemainingTimeInMillis: () => 29_000,
}

let cloud: RunningDevCloud
let token: string
let app: Hono<AppEnv>
let invoke: (event: V2Event) => Promise<V2Result>
/** Every Request the app was handed, to see what the adapter made of each event. */
const seen: Request[] = []

beforeAll(async () => {
  cloud = await startDevCloud({ port: 0 })
  const res = await fetch(`${cloud.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'demo' } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    }),
  })
  token = res.headers.get('x-subject-token') ?? ''
  // The configuration a deployed function has: a real Keystone, state machines, a table.
  const config = loadConfig({
    OS_AUTH_URL: cloud.authUrl,
    AWS_REGION: 'eu-west-1',
    BERTH_TABLE_NAME: 'berth-test-Table',
    BERTH_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    BERTH_STATE_MACHINE_ARNS: JSON.stringify({
      'cluster-create':
        'arn:aws:states:eu-west-1:123456789012:stateMachine:berth-test-cluster-create',
    }),
    BERTH_LOG_LEVEL: 'SILENT',
  })
  app = createApp(await createDeps(config))
  const fetchApp = app.fetch
  app.fetch = (request, ...rest) => {
    seen.push(request.clone())
    return fetchApp(request, ...rest)
  }
  const handler = handle(app)
  invoke = (event) => handler(event as never, lambdaContext as never) as Promise<V2Result>
})

afterAll(async () => {
  await cloud?.close()
})

const last = (): Request => {
  const request = seen.at(-1)
  if (!request) throw new Error('the app saw no request')
  return request
}

describe('API Gateway v2 → hono/aws-lambda → the Berth app', () => {
  it('GET /v1 with headers and cookies: the version document, microversion echoed', async () => {
    // Act
    const result = await invoke(fixture('get-v1-with-headers'))
    // Assess
    expect(result.statusCode).toBe(200)
    expect(result.headers['content-type']).toMatch(/^application\/json/)
    expect(result.headers['openstack-api-version']).toBe('container-infra 1.8')
    expect(result.headers['x-openstack-request-id']).toMatch(/^req-/)
    const body = JSON.parse(result.body)
    expect(body.id).toBe('v1')
    // Links are built on the origin the client used: API Gateway's host, over https.
    expect(body.links[0].href).toBe('https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/')
    const request = last()
    expect(request.method).toBe('GET')
    expect(request.headers.get('cookie')).toBe('theme=dark; lang=en-GB')
    expect(request.headers.get('user-agent')).toMatch(/^openstacksdk\//)
  })

  it('passes query strings through decoded, repeated keys included', async () => {
    const result = await invoke(fixture('get-clustertemplates-query', token))
    expect(result.statusCode).toBe(400)
    expect(JSON.parse(result.body).errors[0].detail).toBe('Unknown argument: "colour"')
    const url = new URL(last().url)
    expect(url.pathname).toBe('/v1/clustertemplates')
    expect(url.searchParams.get('limit')).toBe('2')
    expect(url.searchParams.getAll('colour')).toEqual(['blue green', 'red'])
  })

  it('reads a JSON body and a base64-encoded one alike', async () => {
    // Prepare
    const plain = fixture('post-clustertemplate-json', token)
    const encoded = fixture('post-clustertemplate-base64', token)
    // Act
    const a = await invoke(plain)
    const sentA = await last().text()
    const b = await invoke(encoded)
    const sentB = await last().text()
    // Assess: the strict body check names the one unknown field in both.
    expect(sentA).toBe(plain.body)
    expect(sentB).toBe(sentA)
    for (const result of [a, b]) {
      expect(result.statusCode).toBe(400)
      const [error] = JSON.parse(result.body).errors
      expect(error.detail).toContain('flavour')
      expect(error.status).toBe(400)
    }
    expect(last().method).toBe('POST')
    expect(a.headers['openstack-api-version']).toMatch(/^container-infra 1\.\d+$/)
  })

  it('asks for a Keystone token, naming the Keystone, when there is none', async () => {
    const result = await invoke(fixture('get-clustertemplates-no-token'))
    expect(result.statusCode).toBe(401)
    expect(result.headers['www-authenticate']).toBe(`Keystone uri="${cloud.authUrl}"`)
    expect(JSON.parse(result.body).errors[0]).toMatchObject({ status: 401 })
  })

  it('renders an unknown path as Magnum’s 404 envelope with the request id', async () => {
    const result = await invoke(fixture('get-unknown-path'))
    expect(result.statusCode).toBe(404)
    const [error] = JSON.parse(result.body).errors
    expect(error).toMatchObject({ status: 404, title: 'The resource could not be found' })
    expect(error.request_id).toBe(result.headers['x-openstack-request-id'])
    expect(result.isBase64Encoded).toBe(false)
  })
})

describe('functions/api/index.ts, the deployed entry', () => {
  it('builds the app at load from what SST links, and serves the same events', () => {
    // A fresh process, as a Lambda container is: SST reads its links once, from the environment.
    const script = `import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
      const { handler } = await import('./functions/api/index.ts')
      const event = (n) => JSON.parse(readFileSync('${FIXTURES}/' + n + '.json', 'utf8'))
      const out = []
      for (const n of ['get-v1-with-headers', 'get-clustertemplates-no-token']) out.push(await handler(event(n), {}))
      process.stdout.write('\\nRESULT ' + JSON.stringify(out) + '\\n')`
    const link = (value: Record<string, string>) => JSON.stringify(value)
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'eu-west-1',
          AWS_LAMBDA_FUNCTION_NAME: 'berth-test-Api',
          SST_RESOURCE_App: link({ name: 'berth', stage: 'test' }),
          SST_RESOURCE_Table: link({ name: 'berth-test-Table' }),
          SST_RESOURCE_Settings: link({ OS_AUTH_URL: cloud.authUrl, BERTH_LOG_LEVEL: 'SILENT' }),
          SST_RESOURCE_WorkflowClusterCreate: link({
            arn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:berth-test-cluster-create',
            workflow: 'cluster-create',
          }),
        },
      }
    )
    const lines = stdout.split('\n')
    const result = lines.find((l) => l.startsWith('RESULT '))?.slice('RESULT '.length) ?? '[]'
    const [version, unauthorised] = JSON.parse(result) as V2Result[]
    // On Lambda each request also leaves one EMF metrics line, timed by route.
    const emf = lines.filter((l) => l.includes('"ApiLatency"')).map((l) => JSON.parse(l))
    expect(emf.map((m) => [m.route, m.status])).toEqual([
      ['GET /v1', '2xx'],
      ['GET /v1/clustertemplates', '4xx'],
    ])
    expect(version?.statusCode).toBe(200)
    expect(JSON.parse(version?.body ?? '{}').id).toBe('v1')
    // The Keystone it names came through the Settings link.
    expect(unauthorised?.statusCode).toBe(401)
    expect(unauthorised?.headers['www-authenticate']).toBe(`Keystone uri="${cloud.authUrl}"`)
  })
})

describe('Logging a failed request', () => {
  it('names the request id and never the caller’s token', async () => {
    // Prepare: Keystone unreachable, so the request carrying X-Auth-Token fails and is logged.
    const config = loadConfig({
      OS_AUTH_URL: 'http://127.0.0.1:9/v3',
      AWS_REGION: 'eu-west-1',
      BERTH_STATE_MACHINE_ARNS: JSON.stringify({ 'cluster-create': 'arn:aws:states:::x' }),
      BERTH_LOG_LEVEL: 'DEBUG',
    })
    const failing = handle(createApp(await createDeps(config)))
    const written: string[] = []
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        written.push(String(chunk))
        return true
      })
    }
    // Act
    let result: V2Result
    try {
      result = (await failing(
        fixture('get-clustertemplates-query', token) as never,
        lambdaContext as never
      )) as V2Result
    } finally {
      vi.restoreAllMocks()
    }
    // Assess
    expect(result.statusCode).toBeGreaterThanOrEqual(500)
    const lines = written
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    const requestId = result.headers['x-openstack-request-id']
    expect(logged.some((l) => l.requestId === requestId && l.level === 'ERROR')).toBe(true)
    expect(token.length).toBeGreaterThan(8)
    expect(written.join('')).not.toContain(token)
  })
})
