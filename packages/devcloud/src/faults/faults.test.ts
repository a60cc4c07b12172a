import { describe, expect, it } from 'vitest'
import { startDevCloud } from '../server'
import { testCloud } from '../testing'

describe('HTTP faults', () => {
  it('answers the next N matching requests with a status in the service’s own format', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    t.cloud.faults.http({
      service: 'compute',
      method: 'GET',
      path: '/flavors',
      status: 503,
      times: 2,
    })
    const first = await t.request('/compute/v2.1/flavors', { token: demo })
    expect(first.status).toBe(503)
    expect(await first.json()).toEqual({
      serviceUnavailable: { code: 503, message: 'Service Unavailable (injected fault)' },
    })
    expect((await t.request('/compute/v2.1/flavors/detail', { token: demo })).status).toBe(503)
    expect((await t.request('/compute/v2.1/flavors', { token: demo })).status).toBe(200)
    // Other services, methods and paths were never affected.
    expect(t.cloud.faults.list()).toEqual([])
  })

  it('hits a fraction of requests', async () => {
    let n = 0
    const t = testCloud({ random: () => [0.1, 0.9][n++ % 2] ?? 0 })
    const demo = await t.tokenFor('demo')
    t.cloud.faults.http({ service: 'network', status: 500, fraction: 0.5, message: 'boom' })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++)
      statuses.push((await t.request('/network/v2.0/networks', { token: demo })).status)
    expect(statuses).toEqual([500, 200, 500, 200])
    const res = await t.request('/network/v2.0/networks', { token: demo })
    expect(await res.json()).toEqual({
      NeutronError: { type: 'HTTPInternalServerError', message: 'boom', detail: '' },
    })
  })

  it('adds latency', async () => {
    const t = testCloud()
    t.cloud.faults.http({ service: 'image', latencyMs: 120 })
    const started = Date.now()
    expect((await t.request('/image/v2/images')).status).toBe(401)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
  })

  it('takes the whole cloud down: Keystone and every service answer 503', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    t.cloud.faults.cloudDown()
    const keystone = await t.request('/v3/auth/tokens', { method: 'POST', json: {} })
    expect(keystone.status).toBe(503)
    expect(await keystone.json()).toMatchObject({
      error: { code: 503, title: 'Service Unavailable' },
    })
    const heat = await t.request('/heat-api/v1/x/stacks', { token: demo })
    expect(await heat.json()).toMatchObject({
      code: 503,
      error: { message: 'The Keystone service is temporarily unavailable.' },
    })
    t.cloud.faults.clear()
    expect((await t.request('/v3', {})).status).toBe(200)
  })

  it('holds a request until the client gives up, and lets go when faults are cleared', async () => {
    const cloud = await startDevCloud({ port: 0 })
    try {
      cloud.faults.http({ service: 'identity', path: '^/v3$', hang: true })
      await expect(
        fetch(`${cloud.baseUrl}/v3`, { signal: AbortSignal.timeout(200) })
      ).rejects.toThrow()
      const held = fetch(`${cloud.baseUrl}/v3`)
      await new Promise((r) => setTimeout(r, 50))
      cloud.faults.clear()
      expect((await held).status).toBe(503)
      expect((await fetch(`${cloud.baseUrl}/v3`)).status).toBe(200)
    } finally {
      await cloud.close()
    }
  })
})

describe('the control API (/devcloud)', () => {
  it('adds, lists and clears faults for admins only', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const demo = await t.tokenFor('demo')
    const body = { kind: 'http', service: 'orchestration', status: 500, times: 1 }
    expect((await t.request('/devcloud/faults', { method: 'POST', json: body })).status).toBe(401)
    expect(
      (await t.request('/devcloud/faults', { method: 'POST', token: demo, json: body })).status
    ).toBe(403)
    const added = await t.request('/devcloud/faults', { method: 'POST', token: admin, json: body })
    expect(added.status).toBe(201)
    const { fault } = (await added.json()) as { fault: { id: string; hits: number } }
    expect(fault).toMatchObject({ ...body, hits: 0 })
    const bad = await t.request('/devcloud/faults', {
      method: 'POST',
      token: admin,
      json: { kind: 'http' },
    })
    expect(bad.status).toBe(400)
    await t.request('/devcloud/faults', {
      method: 'POST',
      token: admin,
      json: { kind: 'cloud-down' },
    })
    // The control API itself is never down.
    const list = await t.request('/devcloud/faults', { token: admin })
    expect(((await list.json()) as { faults: unknown[] }).faults).toHaveLength(2)
    expect(
      (await t.request(`/devcloud/faults/${fault.id}`, { method: 'DELETE', token: admin })).status
    ).toBe(204)
    expect((await t.request('/devcloud/faults', { method: 'DELETE', token: admin })).status).toBe(
      204
    )
    expect(t.cloud.faults.list()).toEqual([])
    const timing = await t.request('/devcloud/timing', {
      method: 'PATCH',
      token: admin,
      json: { heatResourceMs: 0, heatMinuteMs: 100 },
    })
    expect(await timing.json()).toMatchObject({ timing: { heatResourceMs: 0, heatMinuteMs: 100 } })
    expect(t.cloud.timing.heatMinuteMs).toBe(100)
  })

  it('takes stack faults over HTTP too', async () => {
    const t = testCloud({ timing: { heatResourceMs: 0 } })
    const admin = await t.tokenFor('admin')
    const res = await t.request('/devcloud/faults', {
      method: 'POST',
      token: admin,
      json: { kind: 'stuck-stack', stackName: '^held', actions: ['CREATE'] },
    })
    expect(res.status).toBe(201)
    expect(t.cloud.faults.isStuck('held-1', 'CREATE')).toBe(true)
    expect(t.cloud.faults.isStuck('held-1', 'DELETE')).toBe(false)
    expect(t.cloud.faults.isStuck('other', 'CREATE')).toBe(false)
  })
})
