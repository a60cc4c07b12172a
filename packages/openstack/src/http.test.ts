import { createServer } from 'node:net'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { OpenStackError } from './errors'
import { HttpClient, type HttpEvent } from './http'
import { type Reply, type ScriptedServer, startScriptedServer } from './test-support'

let server: ScriptedServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Answers in order, repeating the last answer. */
const serve = async (...replies: Reply[]) => {
  let i = 0
  server = await startScriptedServer(() => replies[Math.min(i++, replies.length - 1)]!)
  return server
}

const client = (extra: ConstructorParameters<typeof HttpClient>[0] = {}) => {
  const sleeps: number[] = []
  const events: HttpEvent[] = []
  const http = new HttpClient({
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    onEvent: (e) => events.push(e),
    ...extra,
  })
  return { http, sleeps, events }
}

const failureOf = async (p: Promise<unknown>): Promise<OpenStackError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err
  )
  if (!(e instanceof OpenStackError)) throw new Error(`expected OpenStackError, got ${String(e)}`)
  return e
}

/** A loopback port with nothing listening. */
const closedPort = async (): Promise<number> => {
  const s = createServer()
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))
  const { port } = s.address() as { port: number }
  await new Promise<void>((ok) => s.close(() => ok()))
  return port
}

describe('Class: HttpClient', () => {
  describe('Method: request', () => {
    it('sends JSON with the token and parses the JSON answer', async () => {
      // Prepare
      const s = await serve({ status: 201, body: { ok: true } })
      const { http } = client()

      // Act
      const res = await http.request({
        service: 'nova',
        method: 'POST',
        url: `${s.url}/v2.1/things`,
        query: { name: 'a b', skip: undefined },
        token: 'tok-123',
        body: { thing: 1 },
      })

      // Assess
      expect(res.status).toBe(201)
      expect(res.body).toEqual({ ok: true })
      const [req] = s.received
      expect(req?.path).toBe('/v2.1/things?name=a+b')
      expect(req?.headers['x-auth-token']).toBe('tok-123')
      expect(req?.headers['content-type']).toBe('application/json')
      expect(req?.headers.accept).toBe('application/json')
      expect(req?.body).toEqual({ thing: 1 })
    })

    it('retries idempotent requests on 5xx with growing backoff, then succeeds', async () => {
      // Prepare
      const s = await serve({ status: 503 }, { status: 500 }, { status: 200, body: { n: 1 } })
      const { http, sleeps, events } = client({ backoffBaseMs: 100 })

      // Act
      const res = await http.request({
        service: 'glance',
        method: 'GET',
        url: `${s.url}/v2/images`,
      })

      // Assess: random() = 0.5 ⇒ half of 100, then half of 200
      expect(res.body).toEqual({ n: 1 })
      expect(s.received).toHaveLength(3)
      expect(sleeps).toEqual([50, 100])
      expect(events.map((e) => e.outcome)).toEqual(['retry', 'retry', 'ok'])
    })

    it('gives up after the configured retries with the last status', async () => {
      // Prepare
      const s = await serve({ status: 502, body: 'Bad Gateway' })
      const { http } = client({ retries: 3 })

      // Act
      const e = await failureOf(
        http.request({ service: 'neutron', method: 'GET', url: `${s.url}/x` })
      )

      // Assess
      expect(s.received).toHaveLength(4)
      expect(e.status).toBe(502)
      expect(e.failure).toBe('http')
      expect(e.detail).toBe('Bad Gateway')
    })

    it.each([400, 401, 403, 404, 409, 429])('never retries a %i', async (status) => {
      // Prepare
      const s = await serve({ status, body: { error: { message: 'client side' } } })
      const { http, sleeps } = client()

      // Act
      const e = await failureOf(
        http.request({ service: 'keystone', method: 'GET', url: `${s.url}/x` })
      )

      // Assess
      expect(s.received).toHaveLength(1)
      expect(sleeps).toEqual([])
      expect(e.status).toBe(status)
      expect(e.detail).toBe('client side')
    })

    it('does not retry a POST unless told it is idempotent', async () => {
      // Prepare
      const s = await serve({ status: 500 }, { status: 500 }, { status: 201, body: {} })
      const { http } = client()

      // Act
      const once = await failureOf(
        http.request({ service: 'nova', method: 'POST', url: `${s.url}/x`, body: {} })
      )
      const retried = await http.request({
        service: 'keystone',
        method: 'POST',
        url: `${s.url}/x`,
        body: {},
        idempotent: true,
      })

      // Assess
      expect(once.status).toBe(500)
      expect(retried.status).toBe(201)
      expect(s.received).toHaveLength(3)
    })

    it('times out each attempt and retries, reporting a timeout at the end', async () => {
      // Prepare
      const s = await serve({ status: 200, body: {}, delayMs: 500 })
      const { http } = client({ timeoutMs: 50, retries: 1 })

      // Act
      const e = await failureOf(
        http.request({ service: 'glance', method: 'GET', url: `${s.url}/slow` })
      )

      // Assess
      expect(e.failure).toBe('timeout')
      expect(e.status).toBe(0)
      expect(s.received).toHaveLength(2)
    })

    it('retries a dropped connection', async () => {
      // Prepare
      const s = await serve('hang-up', { status: 200, body: { ok: 1 } })
      const { http } = client()

      // Act
      const res = await http.request({ service: 'nova', method: 'GET', url: `${s.url}/x` })

      // Assess
      expect(res.body).toEqual({ ok: 1 })
      expect(s.received).toHaveLength(2)
    })

    it('reports a refused connection as a network failure', async () => {
      // Prepare
      const port = await closedPort()
      const { http, sleeps } = client({ retries: 2 })

      // Act
      const e = await failureOf(
        http.request({ service: 'nova', method: 'GET', url: `http://127.0.0.1:${port}/` })
      )

      // Assess
      expect(e.failure).toBe('network')
      expect(sleeps).toHaveLength(2)
    })

    it('honours Retry-After within the backoff ceiling', async () => {
      // Prepare
      const s = await serve({ status: 503, headers: { 'Retry-After': '2' } }, { status: 204 })
      const { http, sleeps } = client({ backoffMaxMs: 3000 })

      // Act
      await http.request({ service: 'heat', method: 'DELETE', url: `${s.url}/x` })

      // Assess
      expect(sleeps).toEqual([2000])
    })

    it('does not retry when the caller aborts', async () => {
      // Prepare
      // The caller gives up once the request has arrived, however busy the machine is.
      const abort = new AbortController()
      const s = await startScriptedServer(() => {
        abort.abort(new Error('caller gone'))
        return { status: 200, body: {}, delayMs: 300 }
      })
      server = s
      const { http } = client()

      // Act
      const e = await http
        .request({ service: 'nova', method: 'GET', url: `${s.url}/x`, signal: abort.signal })
        .catch((err: unknown) => err)

      // Assess
      expect((e as Error).message).toBe('caller gone')
      expect(s.received).toHaveLength(1)
    })

    it('keeps tokens and secrets out of errors and events', async () => {
      // Prepare: a service that echoes what it got
      server = await startScriptedServer((req) => ({
        status: 400,
        body: {
          error: {
            message: `bad ${String(req.headers['x-auth-token'])} / ${JSON.stringify(req.body)}`,
          },
        },
      }))
      const { http, events } = client()

      // Act
      const e = await failureOf(
        http.request({
          service: 'keystone',
          method: 'POST',
          url: `${server.url}/v3?token=q-secret`,
          token: 'super-secret-token',
          body: { password: 'hunter22' },
          secrets: ['hunter22'],
        })
      )

      // Assess
      const everything = `${e.message} ${e.detail} ${e.url} ${JSON.stringify(events)}`
      expect(everything).not.toContain('super-secret-token')
      expect(everything).not.toContain('hunter22')
      expect(everything).not.toContain('q-secret')
      expect(e.detail).toContain('bad ***')
    })
    it('hands a redirect back when asked to, and follows it otherwise', async () => {
      // Prepare
      const s = await serve({ status: 302, headers: { Location: '/elsewhere' }, body: 'moved' })
      const { http } = client({ retries: 0 })

      // Act
      const manual = await http.request({
        service: 'heat',
        method: 'GET',
        url: `${s.url}/stacks/x`,
        redirect: 'manual',
      })
      const followed = await http
        .request({ service: 'heat', method: 'GET', url: `${s.url}/stacks/x` })
        .catch((e: unknown) => e)

      // Assess
      expect(manual.status).toBe(302)
      expect(manual.headers.get('location')).toBe('/elsewhere')
      expect(s.received.map((r) => r.path)).toContain('/elsewhere')
      expect(followed).toBeInstanceOf(Error)
    })
  })

  describe('Method: requestJson', () => {
    it('parses with the schema and keeps unknown fields of loose objects', async () => {
      // Prepare
      const s = await serve({ status: 200, body: { id: 'a', extra: 1 } })
      const { http } = client()

      // Act
      const res = await http.requestJson(
        { service: 'glance', method: 'GET', url: s.url },
        z.looseObject({ id: z.string() })
      )

      // Assess
      expect(res).toEqual({ id: 'a', extra: 1 })
    })

    it('treats a body that does not fit as an invalid response', async () => {
      // Prepare
      const s = await serve({ status: 200, body: { id: 7 } })
      const { http } = client()

      // Act
      const e = await failureOf(
        http.requestJson(
          { service: 'glance', method: 'GET', url: s.url },
          z.object({ id: z.string() })
        )
      )

      // Assess
      expect(e.failure).toBe('invalid-response')
      expect(e.detail).toContain('id')
    })
  })

  describe('Method: backoffMs', () => {
    it('stays within [0, min(max, base·2^(n-1))) for any attempt and random draw', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          fc.integer({ min: 1, max: 1000 }),
          fc.integer({ min: 1, max: 60_000 }),
          (attempt, r, base, max) => {
            const http = new HttpClient({ random: () => r, backoffBaseMs: base, backoffMaxMs: max })
            const ms = http.backoffMs(attempt)
            const ceiling = Math.min(max, base * 2 ** (attempt - 1))
            return ms >= 0 && ms < Math.max(ceiling, 1) && Number.isInteger(ms)
          }
        )
      )
    })
  })
})
