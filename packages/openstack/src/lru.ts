/**
 * A size-bounded map with per-entry expiry, evicting the least recently used entry first.
 * A Map keeps insertion order, so re-inserting on read is all the bookkeeping LRU needs.
 *
 * @example
 * const cache = new LruCache<string, number>(100, () => Date.now())
 * cache.set('a', 1, Date.now() + 60_000)
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>()

  constructor(
    private readonly maxSize: number,
    private readonly now: () => number = Date.now
  ) {}

  get size(): number {
    return this.entries.size
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    this.entries.delete(key)
    if (entry.expiresAt <= this.now()) return undefined
    this.entries.set(key, entry)
    return entry.value
  }

  /** `expiresAt` is an epoch-milliseconds instant; a past one stores nothing. */
  set(key: K, value: V, expiresAt: number): void {
    this.entries.delete(key)
    if (expiresAt <= this.now() || this.maxSize <= 0) return
    this.entries.set(key, { value, expiresAt })
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next()
      if (oldest.done) break
      this.entries.delete(oldest.value)
    }
  }

  delete(key: K): void {
    this.entries.delete(key)
  }
}

/**
 * Runs at most one `load` per key at a time; callers that arrive meanwhile share its promise.
 *
 * @example
 * const flights = new SingleFlight<string, Body>()
 * await Promise.all([flights.run(k, load), flights.run(k, load)]) // one load
 */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>()

  run(key: K, load: () => Promise<V>): Promise<V> {
    const pending = this.inFlight.get(key)
    if (pending !== undefined) return pending
    const p = load().finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, p)
    return p
  }
}
