import { seedIds } from '../seed'
import type { SeedUser, testCloud } from '../testing'

type TestCloud = ReturnType<typeof testCloud>
export type Json = Record<string, unknown>

/**
 * A small Heat client over a test cloud's `app.request()`, for the Heat tests: create/update/
 * delete stacks and read them back (following Heat's 302s like heatclient does).
 */
export const heatClient = async (t: TestCloud, user: SeedUser = 'demo') => {
  const token = await t.tokenFor(user)
  const project = seedIds.project(user === 'berth' ? 'service' : user)
  const base = `/heat-api/v1/${project}`
  const call = async (method: string, path: string, json?: unknown) => {
    let res = await t.request(`${base}${path}`, { method, token, json })
    if (res.status === 302) {
      const location = new URL(res.headers.get('Location') ?? '')
      res = await t.request(`${location.pathname}${location.search}`, { method, token, json })
    }
    const text = await res.text()
    let body: Json = {}
    try {
      body = JSON.parse(text) as Json
    } catch {}
    return { status: res.status, body, headers: res.headers }
  }
  const stack = async (name: string) => (await call('GET', `/stacks/${name}`)).body.stack as Json
  return {
    token,
    project,
    base,
    call,
    create: (body: Json) => call('POST', '/stacks', body),
    stack,
    status: async (name: string) => String((await stack(name)).stack_status),
    outputs: async (name: string) =>
      Object.fromEntries(
        ((await stack(name)).outputs as Json[]).map((o) => [o.output_key, o.output_value])
      ),
    resources: async (name: string, query = '') =>
      (await call('GET', `/stacks/${name}/resources${query}`)).body.resources as Json[],
    events: async (name: string, query = '?sort_dir=asc') =>
      (await call('GET', `/stacks/${name}/events${query}`)).body.events as Json[],
  }
}

export const hot = (resources: Json, extra: Json = {}): Json => ({
  heat_template_version: '2018-08-31',
  resources,
  ...extra,
})
