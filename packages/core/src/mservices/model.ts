/** Berth's components as /v1/mservices names them (Magnum's `binary`). */
export const SERVICE_BINARIES = {
  api: 'berth-api',
  workflow: 'berth-workflow',
  reconciler: 'berth-reconciler',
  health: 'berth-health',
  table: 'berth-table',
} as const
export type ServiceBinary = (typeof SERVICE_BINARIES)[keyof typeof SERVICE_BINARIES]

/** One component on one host, as its last report left it. */
export interface ServiceRecord {
  /** Integer id, as Magnum renders mservices rows. */
  id: number
  host: string
  binary: string
  report_count: number
  disabled: boolean
  disabled_reason: string | null
  created_at: string
  updated_at: string | null
  /**
   * Seconds between the reports of a scheduled component (reconciler, health); null for one
   * that reports when it is used or probed.
   */
  report_interval: number | null
}

export interface Heartbeat {
  binary: string
  host: string
  reportInterval?: number | null
}

/** Port: the heartbeat records. One real adapter: @berth/store (items that fade through TTL). */
export interface ServiceRegistry {
  /** Records that `binary` on `host` is alive now; the first report creates the record. */
  heartbeat(beat: Heartbeat): Promise<void>
  list(): Promise<ServiceRecord[]>
}

/** A component whose health is asked for rather than reported (the table, the workflow runner). */
export interface ServiceProbe {
  binary: string
  host: string
  /** Resolves true when the component answers; false or a rejection means down. */
  check(): Promise<boolean>
}
