import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMetrics, METRICS_NAMESPACE } from './metrics'

afterEach(() => {
  vi.restoreAllMocks()
})

const emitted = (act: () => void): Record<string, unknown>[] => {
  const chunks: string[] = []
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk))
      return true
    })
  }
  act()
  vi.restoreAllMocks()
  return chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('Function: createMetrics', () => {
  it('writes nothing off Lambda', () => {
    const lines = emitted(() => {
      const metrics = createMetrics('berth-api', { AWS_LAMBDA_FUNCTION_NAME: undefined })
      metrics.request({ method: 'GET', route: '/v1', status: 200, durationMs: 3 })
      metrics.workflow({ workflow: 'cluster-create', outcome: 'succeeded', durationMs: 10 })
    })
    expect(lines).toEqual([])
  })

  it('writes one EMF line per API request, with route and status class dimensions', () => {
    const [line, ...rest] = emitted(() => {
      createMetrics('berth-api', { AWS_LAMBDA_FUNCTION_NAME: 'fn' }).request({
        method: 'POST',
        route: '/v1/clusters',
        status: 202,
        durationMs: 41.5,
      })
    })
    expect(rest).toEqual([])
    expect(line).toMatchObject({
      route: 'POST /v1/clusters',
      status: '2xx',
      service: 'berth-api',
      ApiLatency: 41.5,
      ApiRequests: 1,
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [expect.arrayContaining(['service', 'route', 'status'])],
            Metrics: expect.arrayContaining([{ Name: 'ApiLatency', Unit: 'Milliseconds' }]),
          },
        ],
      },
    })
  })

  it('counts server errors apart, and workflow outcomes with their duration', () => {
    const lines = emitted(() => {
      const metrics = createMetrics('berth-workflow', { AWS_LAMBDA_FUNCTION_NAME: 'fn' })
      metrics.request({ method: 'GET', route: '/v1/clusters/:id', status: 503, durationMs: 9 })
      metrics.workflow({ workflow: 'cluster-delete', outcome: 'failed', durationMs: 60_000 })
    })
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ status: '5xx', ApiServerErrors: 1 })
    expect(lines[0]).not.toHaveProperty('ApiRequests')
    expect(lines[1]).toMatchObject({
      workflow: 'cluster-delete',
      outcome: 'failed',
      WorkflowOutcome: 1,
      WorkflowDuration: 60_000,
    })
    expect(lines[1]).not.toHaveProperty('route')
  })
})
