/**
 * Which failures are worth another attempt, after AWS's documented "standard" retry mode: no
 * answer, a 5xx, or one of the throttling and transient error codes the services use.
 */
const THROTTLING: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'PriorRequestNotComplete',
])

const TRANSIENT: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
])

export const isThrottling = (name: string, status: number): boolean =>
  status === 429 || THROTTLING.has(name)

export const isRetryable = (name: string, status: number): boolean =>
  status === 0 || status >= 500 || isThrottling(name, status) || TRANSIENT.has(name)

export interface BackoffOptions {
  /** First retry waits up to this many ms; doubled per retry. */
  baseDelayMs: number
  /** The same, after a throttling error: backing off harder is the point there. */
  throttlingBaseDelayMs: number
  /** No wait exceeds this. */
  maxDelayMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseDelayMs: 100,
  throttlingBaseDelayMs: 500,
  maxDelayMs: 20_000,
}

/**
 * Exponential backoff with full jitter: a uniform wait in [0, base × 2^(retry−1)], so clients
 * that failed together do not come back together.
 */
export const backoffDelay = (
  retry: number,
  throttled: boolean,
  options: BackoffOptions,
  random: () => number = Math.random
): number => {
  const base = throttled ? options.throttlingBaseDelayMs : options.baseDelayMs
  return Math.floor(random() * Math.min(options.maxDelayMs, base * 2 ** (retry - 1)))
}

/**
 * The standard mode's retry quota: a bucket of 500 tokens per client that each retry draws
 * from (5 tokens, 10 after a timeout) and each success refills (what its retry drew, or 1
 * when it needed none). While a service is down every call then fails after one attempt
 * instead of three, so retries cannot multiply an outage's load; the quota refills as calls
 * succeed again.
 */
export class RetryQuota {
  static readonly CAPACITY = 500
  static readonly RETRY_COST = 5
  static readonly TIMEOUT_RETRY_COST = 10
  private tokens = RetryQuota.CAPACITY

  get available(): number {
    return this.tokens
  }

  /** Draws a retry's cost; undefined (and nothing drawn) when the bucket cannot pay it. */
  acquire(timedOut: boolean): number | undefined {
    const cost = timedOut ? RetryQuota.TIMEOUT_RETRY_COST : RetryQuota.RETRY_COST
    if (this.tokens < cost) return undefined
    this.tokens -= cost
    return cost
  }

  /** A call succeeded, after retries that drew `drawn` (the last retry's cost) or none. */
  release(drawn: number | undefined): void {
    this.tokens = Math.min(RetryQuota.CAPACITY, this.tokens + (drawn ?? 1))
  }
}
