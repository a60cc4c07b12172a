import { describe, expect, it } from 'vitest'
import { principal } from '../clusters/test-support'
import { ForbiddenError } from '../errors'
import { createPolicy } from '../policy'
import { listServices, type MServiceDeps, stateOf } from './list'
import type { Heartbeat, ServiceRecord, ServiceRegistry } from './model'

class MemoryRegistry implements ServiceRegistry {
  rows: ServiceRecord[] = []
  down = false
  constructor(private readonly now: () => Date) {}
  async heartbeat(b: Heartbeat) {
    if (this.down) throw new Error('table down')
    const at = this.now().toISOString()
    const r = this.rows.find((x) => x.binary === b.binary && x.host === b.host)
    if (r) Object.assign(r, { updated_at: at, report_count: r.report_count + 1 })
    else
      this.rows.push({
        id: this.rows.length + 1,
        host: b.host,
        binary: b.binary,
        report_count: 1,
        disabled: false,
        disabled_reason: null,
        created_at: at,
        updated_at: at,
        report_interval: b.reportInterval ?? null,
      })
  }
  async list() {
    if (this.down) throw new Error('table down')
    return structuredClone(this.rows)
  }
}

const setup = () => {
  let now = new Date('2026-01-01T00:00:00Z')
  const clock = () => now
  const services = new MemoryRegistry(clock)
  const table = { up: true }
  const deps: MServiceDeps = {
    services,
    probes: [
      { binary: 'berth-table', host: 'berth', check: async () => table.up },
      { binary: 'berth-workflow', host: 'local', check: () => new Promise(() => {}) },
    ],
    self: { binary: 'berth-api', host: 'local' },
    policy: createPolicy({ defaults: 'zed' }),
    now: clock,
    downSeconds: 180,
    probeTimeoutMs: 20,
  }
  return {
    deps,
    services,
    table,
    advance: (s: number) => (now = new Date(now.getTime() + s * 1000)),
  }
}

describe('mservices', () => {
  it('reports the API up, probed components by their answer, reporters by their age', async () => {
    const { deps, services, table, advance } = setup()
    await services.heartbeat({ binary: 'berth-reconciler', host: 'local', reportInterval: 120 })
    let rows = await listServices(deps, principal('admin'))
    expect(rows.map((r) => [r.binary, r.state])).toEqual([
      ['berth-reconciler', 'up'],
      ['berth-api', 'up'],
      ['berth-table', 'up'],
    ])
    advance(300) // within 3 × 120 s
    table.up = false
    rows = await listServices(deps, principal('admin'))
    expect(Object.fromEntries(rows.map((r) => [r.binary, r.state]))).toEqual({
      'berth-reconciler': 'up',
      'berth-api': 'up',
      'berth-table': 'down',
    })
    expect(rows.find((r) => r.binary === 'berth-api')?.report_count).toBe(2)
    advance(100)
    rows = await listServices(deps, principal('admin'))
    expect(rows.find((r) => r.binary === 'berth-reconciler')?.state).toBe('down')
  })

  it('still answers when the table is down, and is admin-only', async () => {
    const { deps, services, table } = setup()
    services.down = true
    table.up = false
    const rows = await listServices(deps, principal('admin'))
    expect(rows.map((r) => [r.binary, r.state])).toEqual([
      ['berth-workflow', 'down'],
      ['berth-table', 'down'],
      ['berth-api', 'up'],
    ])
    await expect(listServices(deps, principal('demo'))).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('reads a record without a report as down', () => {
    const r = {
      id: 1,
      host: 'h',
      binary: 'b',
      report_count: 0,
      disabled: false,
      disabled_reason: null,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: null,
      report_interval: null,
    }
    expect(stateOf(r, new Date('2026-01-01T00:00:00Z'), 180)).toBe('down')
  })
})
