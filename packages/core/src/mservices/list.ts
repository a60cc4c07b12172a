import type { Authorizer } from '../ports/authorizer'
import type { Principal } from '../principal'
import type { Heartbeat, ServiceProbe, ServiceRecord, ServiceRegistry } from './model'

export interface MServiceDeps {
  services: ServiceRegistry
  /** Probed on every list; a component that answers is recorded as a report. */
  probes: readonly ServiceProbe[]
  /** The API process answering: it is up by definition, and reports so. */
  self: Heartbeat
  policy: Authorizer
  now: () => Date
  /** Magnum's service_down_time: a report older than this means down. */
  downSeconds: number
  /** Longest wait for one probe. @default 3000 */
  probeTimeoutMs?: number
}

export type ServiceState = 'up' | 'down'

export interface ServiceView extends ServiceRecord {
  state: ServiceState
}

const within = (ms: number, p: Promise<boolean>): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    p.then(
      (ok) => resolve(ok),
      () => resolve(false)
    ).finally(() => clearTimeout(timer))
  })

const key = (binary: string, host: string) => `${binary}\u0000${host}`

/**
 * Whether a reported component is alive: its last report is younger than the down time, or,
 * for a scheduled one, than three of its intervals (one late run is not an outage).
 */
export const stateOf = (r: ServiceRecord, now: Date, downSeconds: number): ServiceState => {
  if (!r.updated_at) return 'down'
  const allowed = Math.max(downSeconds, 3 * (r.report_interval ?? 0)) * 1000
  return now.getTime() - Date.parse(r.updated_at) <= allowed ? 'up' : 'down'
}

/**
 * GET /v1/mservices (admin): Berth's own components in Magnum's shape. Reporting components
 * (API, reconciler, health job) are up while their heartbeats are fresh; probed ones (the
 * table, the workflow runner) are up when they answer now.
 */
export const listServices = async (
  deps: MServiceDeps,
  principal: Principal
): Promise<ServiceView[]> => {
  deps.policy.enforce('magnum-service:get_all', principal, {
    project_id: principal.projectId,
    user_id: principal.userId,
  })
  const timeout = deps.probeTimeoutMs ?? 3000
  const probed = await Promise.all(
    deps.probes.map(async (p) => ({ probe: p, up: await within(timeout, p.check()) }))
  )
  const beats = [deps.self, ...probed.filter((p) => p.up).map((p) => p.probe)]
  await Promise.allSettled(beats.map((b) => deps.services.heartbeat(b)))
  const now = deps.now()
  let records: ServiceRecord[]
  try {
    records = await deps.services.list()
  } catch {
    // The table itself is down: say what is known without it.
    const at = now.toISOString()
    records = [deps.self, ...probed.map((p) => p.probe)].map((b, i) => ({
      id: -(i + 1),
      host: b.host,
      binary: b.binary,
      report_count: 0,
      disabled: false,
      disabled_reason: null,
      created_at: at,
      updated_at: b === deps.self ? at : null,
      report_interval: null,
    }))
  }
  const probeState = new Map(probed.map((p) => [key(p.probe.binary, p.probe.host), p.up]))
  return records
    .map((r): ServiceView => {
      const asked = probeState.get(key(r.binary, r.host))
      const state = asked === undefined ? stateOf(r, now, deps.downSeconds) : asked ? 'up' : 'down'
      return { ...r, state }
    })
    .sort((a, b) => a.id - b.id)
}
