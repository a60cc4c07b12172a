import type { DevCloudState } from './state'

/** What one settler reports: whether it changed the state, and whether work is still pending. */
export interface SettleResult {
  changed: boolean
  pending: boolean
}

export type Settler = (now: Date) => SettleResult

/** Rounds of settling per run; each round lets one service react to another's change. */
const MAX_ROUNDS = 50

/**
 * Time-driven work (a server building, a load balancer provisioning, a stack progressing) is
 * recorded with the times it is due and brought up to date here: before every request, so a
 * client always sees the state as of now, and on a timer while anything is pending, so work
 * also progresses when nobody is looking (a server appears in `server list` mid-stack).
 */
export class Settlement {
  private readonly settlers: { name: string; settle: Settler }[] = []
  private timer: NodeJS.Timeout | undefined
  private closed = false
  private running = false

  constructor(
    private readonly state: DevCloudState,
    private readonly now: () => Date,
    private readonly log: (line: string) => void,
    private readonly intervalMs = 10
  ) {}

  register(name: string, settle: Settler): void {
    this.settlers.push({ name, settle })
  }

  /**
   * Settles everything up to now, again and again while one settler's change lets another
   * move (Heat waits on a load balancer that has just become ACTIVE); saves the state once.
   */
  run(): void {
    // A settler may call into services that settle again; one pass at a time is enough.
    if (this.running) return
    this.running = true
    let changedAny = false
    let pending = false
    try {
      // Each round reads the clock again: work done in one round is stamped with the real
      // time, which the next round must have reached.
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const { changed, pending: left } = this.round(this.now())
        changedAny ||= changed
        pending = left
        if (!changed) break
      }
      if (changedAny) this.state.save()
    } finally {
      this.running = false
    }
    if (pending) this.wake()
    else this.sleep()
  }

  private round(now: Date): SettleResult {
    let changed = false
    let pending = false
    for (const s of this.settlers) {
      try {
        const r = s.settle(now)
        changed ||= r.changed
        pending ||= r.pending
      } catch (err) {
        this.log(`${s.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
      }
    }
    return { changed, pending }
  }

  /** Starts the timer (if it is not running): called when new time-driven work begins. */
  wake(): void {
    if (this.timer !== undefined || this.closed) return
    this.timer = setInterval(() => this.run(), this.intervalMs)
    // The timer never keeps a process alive on its own.
    this.timer.unref()
  }

  private sleep(): void {
    if (this.timer === undefined) return
    clearInterval(this.timer)
    this.timer = undefined
  }

  close(): void {
    this.closed = true
    this.sleep()
  }
}
