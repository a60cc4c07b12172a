import type { BerthMetrics, RequestMeasure } from '@berth/shared/metrics'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../env'
import { requestMetrics } from './metrics'

const recorder = () => {
  const requests: RequestMeasure[] = []
  const metrics: BerthMetrics = { request: (m) => requests.push(m), workflow: () => {} }
  return { requests, metrics }
}

describe('Middleware: requestMetrics', () => {
  it('records method, route template, status and a duration for every request', async () => {
    // Prepare
    const { requests, metrics } = recorder()
    const clusters = new Hono<AppEnv>().get('/:id', (c) => c.json({ id: c.req.param('id') }))
    const app = new Hono<AppEnv>()
    app.use('*', requestMetrics(metrics))
    app.route('/v1/clusters', clusters)
    app.get('/boom', () => {
      throw new Error('boom')
    })
    app.onError((_, c) => c.text('failed', 500))
    // Act
    await app.request('/v1/clusters/4f1c')
    await app.request('/boom')
    await app.request('/nowhere')
    // Assess
    expect(requests.map(({ durationMs: _, ...r }) => r)).toEqual([
      { method: 'GET', route: '/v1/clusters/:id', status: 200 },
      { method: 'GET', route: '/boom', status: 500 },
      { method: 'GET', route: '/*', status: 404 },
    ])
    for (const r of requests) expect(r.durationMs).toBeGreaterThanOrEqual(0)
  })
})
