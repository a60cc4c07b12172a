import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type RunningBerth, startBerth } from '../support/berth'
import { expectError } from './clusters-harness'

interface MService {
  id: number
  host: string
  binary: string
  state: string
  report_count: number
  disabled: boolean
  disabled_reason: string | null
  created_at: string
  updated_at: string | null
}

let berth: RunningBerth

const list = async () => {
  const r = await api('admin').get<{ mservices: MService[] }>('/v1/mservices')
  expect(r.status, r.text).toBe(200)
  return r.body.mservices
}

beforeAll(async () => {
  berth = await startBerth()
})
afterAll(async () => {
  await berth?.stop()
})

describe('Magnum services API (Berth’s own components)', () => {
  it('reports the API, the workflow runner, the reconciler and the table in Magnum’s shape', async () => {
    await berth.reconcile()
    const services = await list()
    const byBinary = new Map(services.map((s) => [s.binary, s]))
    for (const binary of ['berth-api', 'berth-workflow', 'berth-reconciler', 'berth-table']) {
      expect(byBinary.get(binary)?.state, binary).toBe('up')
    }
    expect(byBinary.get('berth-table')?.host).toBe(berth.config.BERTH_TABLE_NAME)
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(
        [
          'binary',
          'created_at',
          'disabled',
          'disabled_reason',
          'host',
          'id',
          'report_count',
          'state',
          'updated_at',
        ].sort()
      )
      expect(Number.isInteger(s.id)).toBe(true)
      expect(s).toMatchObject({ disabled: false, disabled_reason: null })
      expect(s.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    }
    // Each look probes the table again and counts it as a report.
    const again = await list()
    const table = (xs: MService[]) => xs.find((s) => s.binary === 'berth-table')
    expect(table(again)?.report_count).toBe((table(services)?.report_count ?? 0) + 1)
    expect(table(again)?.id).toBe(table(services)?.id)
  })

  it('is for admins only and takes no query parameters', async () => {
    expectError(
      await api('demo').get('/v1/mservices'),
      403,
      "Policy doesn't allow magnum-service:get_all to be performed."
    )
    expect((await api().get('/v1/mservices')).status).toBe(401)
    expect((await api('admin').get('/v1/mservices?limit=1')).status).toBe(400)
  })
})
