import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { serviceEndpoint } from './endpoint'
import { backoffDelay, DEFAULT_BACKOFF, isRetryable, RetryQuota } from './retry'

describe('Function: backoffDelay', () => {
  it('waits a uniform share of an exponentially growing, capped window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (retry, throttled, r) => {
          const base = throttled ? 500 : 100
          const window = Math.min(20_000, base * 2 ** (retry - 1))
          const d = backoffDelay(retry, throttled, DEFAULT_BACKOFF, () => r)
          expect(d).toBeGreaterThanOrEqual(0)
          expect(d).toBeLessThan(window)
          expect(d).toBe(Math.floor(r * window))
        }
      )
    )
  })

  it('backs off harder after throttling', () => {
    expect(backoffDelay(1, false, DEFAULT_BACKOFF, () => 0.999)).toBe(99)
    expect(backoffDelay(1, true, DEFAULT_BACKOFF, () => 0.999)).toBe(499)
    expect(backoffDelay(3, false, DEFAULT_BACKOFF, () => 0.5)).toBe(200)
  })
})

describe('Function: isRetryable', () => {
  it('retries no answer, 5xx, 429 and throttling codes; nothing else', () => {
    expect(isRetryable('NetworkingError', 0)).toBe(true)
    expect(isRetryable('InternalServerError', 500)).toBe(true)
    expect(isRetryable('Anything', 429)).toBe(true)
    expect(isRetryable('ThrottlingException', 400)).toBe(true)
    expect(isRetryable('ProvisionedThroughputExceededException', 400)).toBe(true)
    expect(isRetryable('ValidationException', 400)).toBe(false)
    expect(isRetryable('TransactionCanceledException', 400)).toBe(false)
    expect(isRetryable('AccessDeniedException', 403)).toBe(false)
  })
})

describe('Function: serviceEndpoint', () => {
  it('names the regional endpoint, under amazonaws.com.cn in China', () => {
    expect(serviceEndpoint('dynamodb', 'eu-west-1')).toBe(
      'https://dynamodb.eu-west-1.amazonaws.com'
    )
    expect(serviceEndpoint('states', 'cn-northwest-1')).toBe(
      'https://states.cn-northwest-1.amazonaws.com.cn'
    )
    expect(() => serviceEndpoint('kms', 'eu-west-1.evil.com/')).toThrow(/not an AWS region/)
  })
})

describe('Class: RetryQuota', () => {
  it('pays 5 a retry and 10 after a timeout, refusing what it cannot pay', () => {
    const q = new RetryQuota()
    expect(q.acquire(true)).toBe(10)
    for (let i = 0; i < 98; i++) expect(q.acquire(false)).toBe(5)
    expect(q.available).toBe(0)
    expect(q.acquire(false)).toBeUndefined()
    expect(q.available).toBe(0)
  })

  it('refunds a retried success its cost, a plain success 1, never past 500', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('retry', 'timeout', 'ok', 'okAfter')), (events) => {
        const q = new RetryQuota()
        let model = 500
        let last: number | undefined
        for (const e of events) {
          if (e === 'retry' || e === 'timeout') {
            const cost = e === 'timeout' ? 10 : 5
            last = q.acquire(e === 'timeout')
            expect(last).toBe(model >= cost ? cost : undefined)
            if (model >= cost) model -= cost
          } else {
            const drawn = e === 'okAfter' ? last : undefined
            q.release(drawn)
            model = Math.min(500, model + (drawn ?? 1))
          }
          expect(q.available).toBe(model)
        }
      })
    )
  })
})
