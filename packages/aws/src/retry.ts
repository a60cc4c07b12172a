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
