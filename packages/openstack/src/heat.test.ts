import type { StackSpec } from '@berth/core/ports/stacks'
import { afterEach, describe, expect, it } from 'vitest'
import { HeatClient, orchestrationUrl, StackNames } from './heat'
import { HttpClient } from './http'
import { type Received, type Reply, type ScriptedServer, startScriptedServer } from './test-support'
import { OpenStackClientError, OpenStackConflictError } from './workflow-errors'

const PROJECT = 'ae13c427048d4635952b003120b03c3e'
const ID = '6ef3c1aa-f9e5-4fbf-a2b1-9dfb2e080f74'
const BASE = `/v1/${PROJECT}`

const spec = (over: Partial<StackSpec> = {}): StackSpec => ({
  name: 'berth-k8s-abc',
  template: { heat_template_version: '2018-08-31', resources: {} },
  files: { 'a.yaml': 'heat_template_version: 2018-08-31\n' },
  environment: { parameter_defaults: {} },
  parameters: { count: 2, flag: true, s: 'x' },
  timeoutMins: 60,
  disableRollback: true,
  tags: ['berth', 'cluster-abc'],
  ...over,
})

const heatError = (status: number, type: string, message: string): Reply => ({
  status,
  body: { code: status, title: type, error: { type, traceback: null, message } },
})

const stackBody = (status: string, extra: Record<string, unknown> = {}) => ({
  stack: {
    id: ID,
    stack_name: 'berth-k8s-abc',
    stack_status: status,
    stack_status_reason: `Stack ${status}`,
    parameters: { 'OS::stack_id': ID, count: '2' },
    outputs: [
      { output_key: 'api_address', output_value: '10.0.0.5', description: '' },
      { output_key: 'broken', output_value: null, output_error: 'resource failed' },
      { output_key: 'addresses', output_value: ['10.0.0.6', '10.0.0.7'] },
    ],
    ...extra,
  },
})

/** Heat's habit: GET /stacks/<name or id> is a 302 to /stacks/<name>/<id>. */
const lookup = (r: Received): Reply | undefined => {
  if (
    r.method === 'GET' &&
    (r.path === `${BASE}/stacks/${ID}` || r.path === `${BASE}/stacks/berth-k8s-abc`)
  ) {
    return {
      status: 302,
      headers: { Location: `http://heat.internal:8004${BASE}/stacks/berth-k8s-abc/${ID}` },
      body: '<html>302 Found</html>',
    }
  }
  return undefined
}

let server: ScriptedServer
afterEach(async () => {
  // Unset in tests that start no server.
  await (server as ScriptedServer | undefined)?.close()
})

const heatWith = async (reply: (r: Received) => Reply) => {
  server = await startScriptedServer((r) => lookup(r) ?? reply(r))
  return new HeatClient({
    http: new HttpClient({ retries: 0 }),
    url: `${server.url}${BASE}`,
    token: 'tok',
  })
}

const calls = () => server.received.map((r) => `${r.method} ${r.path.replace(BASE, '')}`)

describe('Function: orchestrationUrl', () => {
  it('keeps the project the catalog gives and adds it where missing', () => {
    expect(orchestrationUrl(`http://h:8004/v1/${PROJECT}`, 'other')).toBe(
      `http://h:8004/v1/${PROJECT}`
    )
    expect(orchestrationUrl(`http://h:8004/v1/${PROJECT}/`, 'other')).toBe(
      `http://h:8004/v1/${PROJECT}`
    )
    expect(orchestrationUrl('http://h:8004/v1', PROJECT)).toBe(`http://h:8004/v1/${PROJECT}`)
    expect(orchestrationUrl('http://h/heat-api', PROJECT)).toBe(`http://h/heat-api/v1/${PROJECT}`)
  })
})

describe('Class: HeatClient', () => {
  describe('Method: create', () => {
    it('posts the whole stack, tags comma-joined, and returns the new id', async () => {
      // Prepare
      const heat = await heatWith(() => ({ status: 201, body: { stack: { id: ID, links: [] } } }))

      // Act
      const out = await heat.create(spec())

      // Assess
      expect(out).toEqual({ id: ID })
      const post = server.received[0]!
      expect(post.method).toBe('POST')
      expect(post.path).toBe(`${BASE}/stacks`)
      expect(post.headers['x-auth-token']).toBe('tok')
      expect(post.body).toEqual({
        stack_name: 'berth-k8s-abc',
        template: { heat_template_version: '2018-08-31', resources: {} },
        files: { 'a.yaml': 'heat_template_version: 2018-08-31\n' },
        environment: { parameter_defaults: {} },
        parameters: { count: 2, flag: true, s: 'x' },
        timeout_mins: 60,
        disable_rollback: true,
        tags: 'berth,cluster-abc',
      })
    })

    it('sends a YAML-parsed date version as the string Heat wants, and no tags when none', async () => {
      const heat = await heatWith(() => ({ status: 201, body: { stack: { id: ID } } }))
      await heat.create(
        spec({ template: { heat_template_version: new Date('2021-04-16T00:00:00Z') }, tags: [] })
      )
      const body = server.received[0]!.body as Record<string, unknown>
      expect(body.template).toEqual({ heat_template_version: '2021-04-16' })
      expect(body).not.toHaveProperty('tags')
    })

    it('refuses a tag Heat would split', async () => {
      const heat = await heatWith(() => ({ status: 201, body: { stack: { id: ID } } }))
      await expect(heat.create(spec({ tags: ['a,b'] }))).rejects.toThrow(/commas/)
      expect(server.received).toHaveLength(0)
    })

    it('answers a retried create with the stack the first attempt made', async () => {
      // Prepare
      const heat = await heatWith((r) =>
        r.method === 'POST'
          ? heatError(409, 'StackExists', 'The Stack (berth-k8s-abc) already exists.')
          : { status: 500 }
      )

      // Act
      const out = await heat.create(spec())

      // Assess
      expect(out).toEqual({ id: ID })
      expect(calls()).toEqual(['POST /stacks', 'GET /stacks/berth-k8s-abc'])
    })

    it('lets a 409 through when no stack of that name can be found', async () => {
      server = await startScriptedServer((r) =>
        r.method === 'POST'
          ? heatError(409, 'StackExists', 'The Stack (berth-k8s-abc) already exists.')
          : heatError(404, 'EntityNotFound', 'The Stack (berth-k8s-abc) could not be found.')
      )
      const heat = new HeatClient({
        http: new HttpClient({ retries: 0 }),
        url: `${server.url}${BASE}`,
        token: 'tok',
      })
      await expect(heat.create(spec())).rejects.toBeInstanceOf(OpenStackConflictError)
    })
  })

  describe('Method: get', () => {
    it("resolves the redirect without following it to Heat's own host, then shows the stack", async () => {
      // Prepare
      const heat = await heatWith(() => ({ status: 200, body: stackBody('CREATE_COMPLETE') }))

      // Act
      const state = await heat.get(ID)

      // Assess
      expect(state).toEqual({
        id: ID,
        name: 'berth-k8s-abc',
        status: 'CREATE_COMPLETE',
        reason: 'Stack CREATE_COMPLETE',
        outputs: { api_address: '10.0.0.5', broken: null, addresses: ['10.0.0.6', '10.0.0.7'] },
        parameters: { 'OS::stack_id': ID, count: '2' },
      })
      expect(calls()).toEqual([`GET /stacks/${ID}`, `GET /stacks/berth-k8s-abc/${ID}`])
    })

    it('looks a stack up once, then addresses it by name and id', async () => {
      const heat = await heatWith(() => ({ status: 200, body: stackBody('CREATE_IN_PROGRESS') }))
      await heat.get(ID)
      await heat.get(ID)
      expect(calls()).toEqual([
        `GET /stacks/${ID}`,
        `GET /stacks/berth-k8s-abc/${ID}`,
        `GET /stacks/berth-k8s-abc/${ID}`,
      ])
    })

    it('shares what it looked up with clients given the same names', async () => {
      // Prepare
      const names = new StackNames()
      await heatWith(() => ({ status: 200, body: stackBody('CREATE_COMPLETE') }))
      const endpoint = {
        http: new HttpClient({ retries: 0 }),
        url: `${server.url}${BASE}`,
        token: 't',
      }
      await new HeatClient(endpoint, names).get(ID)

      // Act
      await new HeatClient(endpoint, names).get(ID)

      // Assess
      expect(calls()).toEqual([
        `GET /stacks/${ID}`,
        `GET /stacks/berth-k8s-abc/${ID}`,
        `GET /stacks/berth-k8s-abc/${ID}`,
      ])
    })

    it('forgets the oldest names beyond its bound', () => {
      const names = new StackNames(2)
      names.set('a', 'A')
      names.set('b', 'B')
      names.get('a')
      names.set('c', 'C')
      expect([names.get('a'), names.get('b'), names.get('c')]).toEqual([undefined, 'B', 'C'])
    })

    it('accepts by name, and a server that shows the stack without redirecting', async () => {
      server = await startScriptedServer(() => ({ status: 200, body: stackBody('UPDATE_FAILED') }))
      const heat = new HeatClient({
        http: new HttpClient({ retries: 0 }),
        url: `${server.url}${BASE}`,
        token: 'tok',
      })
      expect((await heat.get('berth-k8s-abc'))?.status).toBe('UPDATE_FAILED')
    })

    it('turns numbers and objects in parameters into strings', async () => {
      const heat = await heatWith(() => ({
        status: 200,
        body: stackBody('CREATE_COMPLETE', { parameters: { n: 3, m: { a: 1 }, z: null } }),
      }))
      expect((await heat.get(ID))?.parameters).toEqual({ n: '3', m: '{"a":1}', z: '' })
    })

    it('is undefined for 404 and for a stack whose deletion completed', async () => {
      server = await startScriptedServer(() =>
        heatError(404, 'EntityNotFound', 'The Stack (x) could not be found.')
      )
      const heat = new HeatClient({
        http: new HttpClient({ retries: 0 }),
        url: `${server.url}${BASE}`,
        token: 'tok',
      })
      expect(await heat.get('x')).toBeUndefined()
      expect(await heat.get('..')).toBeUndefined()
      await server.close()

      const deleted = await heatWith(() => ({ status: 200, body: stackBody('DELETE_COMPLETE') }))
      expect(await deleted.get(ID)).toBeUndefined()
    })
  })

  describe('Method: update', () => {
    it('PATCHes parameters when the template stays', async () => {
      const heat = await heatWith((r) =>
        r.method === 'GET'
          ? { status: 200, body: stackBody('CREATE_COMPLETE') }
          : { status: 202, body: '<html>202 Accepted</html>' }
      )
      await heat.update(ID, { parameters: { count: 3 }, disableRollback: true })
      const patch = server.received.at(-1)!
      expect(patch.method).toBe('PATCH')
      expect(patch.path).toBe(`${BASE}/stacks/berth-k8s-abc/${ID}`)
      expect(patch.body).toEqual({ parameters: { count: 3 }, disable_rollback: true })
    })

    it('PUTs a new template with its files and environment', async () => {
      const heat = await heatWith((r) =>
        r.method === 'GET' ? { status: 200, body: stackBody('UPDATE_FAILED') } : { status: 202 }
      )
      await heat.update(ID, {
        parameters: { v: '1.27' },
        template: { heat_template_version: '2018-08-31' },
        disableRollback: false,
        timeoutMins: 30,
      })
      const put = server.received.at(-1)!
      expect(put.method).toBe('PUT')
      expect(put.body).toEqual({
        parameters: { v: '1.27' },
        template: { heat_template_version: '2018-08-31' },
        files: {},
        environment: {},
        disable_rollback: false,
        timeout_mins: 30,
      })
    })

    it('surfaces Heat\'s 409 "in progress" as OpenStack.Conflict', async () => {
      const heat = await heatWith((r) =>
        r.method === 'GET'
          ? { status: 200, body: stackBody('UPDATE_IN_PROGRESS') }
          : heatError(
              409,
              'ActionInProgress',
              'Stack berth-k8s-abc already has an action (UPDATE) in progress.'
            )
      )
      const e = await heat.update(ID, { parameters: {}, disableRollback: true }).catch((x) => x)
      expect(e).toBeInstanceOf(OpenStackConflictError)
      expect(e.name).toBe('OpenStack.Conflict')
      expect(e.detail).toMatch(/in progress/)
    })

    it('fails as OpenStack.Client for a deleted stack, without asking Heat to update it', async () => {
      const heat = await heatWith((r) =>
        r.method === 'GET' ? { status: 200, body: stackBody('DELETE_COMPLETE') } : { status: 500 }
      )
      const e = await heat.update(ID, { parameters: {}, disableRollback: true }).catch((x) => x)
      expect(e).toBeInstanceOf(OpenStackClientError)
      expect(server.received.map((r) => r.method)).not.toContain('PATCH')
    })

    it('fails as OpenStack.Client for a stack Heat does not know', async () => {
      server = await startScriptedServer(() => heatError(404, 'EntityNotFound', 'not found'))
      const heat = new HeatClient({
        http: new HttpClient({ retries: 0 }),
        url: `${server.url}${BASE}`,
        token: 'tok',
      })
      const e = await heat.update(ID, { parameters: {}, disableRollback: true }).catch((x) => x)
      expect(e).toBeInstanceOf(OpenStackClientError)
      expect(e.status).toBe(404)
    })
  })

  describe('Method: delete', () => {
    it('deletes by name and id', async () => {
      const heat = await heatWith(() => ({ status: 204 }))
      await heat.delete(ID)
      expect(calls()).toEqual([`GET /stacks/${ID}`, `DELETE /stacks/berth-k8s-abc/${ID}`])
    })

    it('is done when Heat does not know the stack, before or at the DELETE', async () => {
      server = await startScriptedServer(() => heatError(404, 'EntityNotFound', 'not found'))
      const heat = new HeatClient({
        http: new HttpClient({ retries: 0 }),
        url: `${server.url}${BASE}`,
        token: 'tok',
      })
      await expect(heat.delete(ID)).resolves.toBeUndefined()
      await server.close()

      const racing = await heatWith(() => heatError(404, 'EntityNotFound', 'not found'))
      await expect(racing.delete(ID)).resolves.toBeUndefined()
      expect(calls()).toContain(`DELETE /stacks/berth-k8s-abc/${ID}`)
    })

    it('lets a 409 through, named for a retry', async () => {
      const heat = await heatWith(() => heatError(409, 'ActionInProgress', 'in progress'))
      await expect(heat.delete(ID)).rejects.toMatchObject({ name: 'OpenStack.Conflict' })
    })
  })

  describe('Methods: failedResources, pendingResources', () => {
    it('asks for failed resources of nested stacks too and maps them', async () => {
      const heat = await heatWith(() => ({
        status: 200,
        body: {
          resources: [
            {
              resource_name: 'kube_masters',
              resource_type: 'OS::Heat::ResourceGroup',
              resource_status: 'CREATE_FAILED',
              resource_status_reason:
                'ResourceInError: resources.kube_masters.resources[0]: No valid host',
            },
            {
              resource_name: 'kube-master',
              resource_type: 'OS::Nova::Server',
              resource_status: 'CREATE_FAILED',
              resource_status_reason: null,
            },
            {
              resource_name: 'ok',
              resource_type: 'OS::Heat::None',
              resource_status: 'CREATE_COMPLETE',
            },
          ],
        },
      }))
      const failed = await heat.failedResources(ID)
      expect(failed).toEqual([
        {
          name: 'kube_masters',
          type: 'OS::Heat::ResourceGroup',
          reason: 'ResourceInError: resources.kube_masters.resources[0]: No valid host',
        },
        { name: 'kube-master', type: 'OS::Nova::Server', reason: '' },
      ])
      expect(server.received.at(-1)!.path).toBe(
        `${BASE}/stacks/berth-k8s-abc/${ID}/resources?nested_depth=5&status=FAILED`
      )
    })

    it('lists what is still in progress, nested ones included, without their parents', async () => {
      const resource = (name: string, type: string, parent?: string) => ({
        resource_name: name,
        resource_type: type,
        resource_status: 'DELETE_IN_PROGRESS',
        ...(parent ? { parent_resource: parent } : {}),
      })
      const heat = await heatWith(() => ({
        status: 200,
        body: {
          resources: [
            resource('kube_minions', 'OS::Heat::ResourceGroup'),
            resource('0', 'Berth::Node::Worker', 'kube_minions'),
            resource('port', 'OS::Neutron::Port', '0'),
            resource('router', 'OS::Neutron::Router'),
            { ...resource('net', 'OS::Neutron::Net'), resource_status: 'DELETE_COMPLETE' },
          ],
        },
      }))
      expect(await heat.pendingResources(ID)).toEqual([
        { name: 'port', type: 'OS::Neutron::Port', status: 'DELETE_IN_PROGRESS' },
        { name: 'router', type: 'OS::Neutron::Router', status: 'DELETE_IN_PROGRESS' },
      ])
      expect(server.received.at(-1)!.path).toBe(
        `${BASE}/stacks/berth-k8s-abc/${ID}/resources?nested_depth=5&status=IN_PROGRESS`
      )
    })

    it('is empty for a stack Heat does not know', async () => {
      server = await startScriptedServer(() => heatError(404, 'EntityNotFound', 'not found'))
      const heat = new HeatClient({
        http: new HttpClient({ retries: 0 }),
        url: `${server.url}${BASE}`,
        token: 'tok',
      })
      expect(await heat.failedResources(ID)).toEqual([])
      expect(await heat.pendingResources(ID)).toEqual([])
    })
  })

  describe('Method: validate', () => {
    it("is ok when Heat accepts the template, and gives Heat's reason when not", async () => {
      const heat = await heatWith((r) =>
        (r.body as { template: { resources?: object } }).template.resources === undefined
          ? { status: 200, body: { Description: 'x', Parameters: {} } }
          : heatError(400, 'HTTPBadRequest', 'The Resource Type (OS::Nope) could not be found.')
      )
      expect(await heat.validate({ heat_template_version: '2018-08-31' }, {}, {})).toEqual({
        ok: true,
      })
      expect(
        await heat.validate(
          { heat_template_version: '2018-08-31', resources: { a: { type: 'OS::Nope' } } },
          { 'n.yaml': 'x' },
          { resource_registry: {} }
        )
      ).toEqual({ ok: false, message: 'The Resource Type (OS::Nope) could not be found.' })
      expect(server.received.at(-1)!.body).toMatchObject({
        files: { 'n.yaml': 'x' },
        environment: { resource_registry: {} },
      })
      expect(server.received.at(-1)!.path).toBe(`${BASE}/validate`)
    })

    it('throws when Heat itself fails', async () => {
      const heat = await heatWith(() => ({ status: 503, body: 'unavailable' }))
      await expect(heat.validate({}, {}, {})).rejects.toMatchObject({ name: 'OpenStack.Transient' })
    })
  })
})
