import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OPERATION_KINDS } from '../clusters/model'
import {
  combineProgress,
  nextPollSeconds,
  type StackProgress,
  stackProgress,
  VERB_OF,
} from './heat-status'

const HEAT = ['CREATE', 'UPDATE', 'DELETE', 'ROLLBACK', 'SUSPEND', 'RESUME', 'CHECK']
const STATES = ['IN_PROGRESS', 'COMPLETE', 'FAILED']
const heatStatus = fc.option(
  fc.tuple(fc.constantFrom(...HEAT), fc.constantFrom(...STATES)).map(([a, s]) => `${a}_${s}`),
  { nil: undefined }
)

describe('Function: stackProgress', () => {
  it('is complete exactly when the operation’s own verb completed, or a deleted stack is gone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATION_KINDS), heatStatus, (kind, status) => {
        const verb = VERB_OF[kind]
        const complete =
          status === `${verb}_COMPLETE` || (verb === 'DELETE' && status === undefined)
        expect(stackProgress(kind, status) === 'COMPLETE').toBe(complete)
      })
    )
  })

  it('reads Heat’s failures and rollbacks as failures', () => {
    expect(stackProgress('cluster-create', 'CREATE_FAILED')).toBe('FAILED')
    expect(stackProgress('cluster-update', 'ROLLBACK_COMPLETE')).toBe('FAILED')
    expect(stackProgress('cluster-create', undefined)).toBe('FAILED')
    expect(stackProgress('cluster-delete', 'DELETE_FAILED')).toBe('FAILED')
  })

  it('waits while Heat still shows the previous action', () => {
    expect(stackProgress('cluster-update', 'CREATE_COMPLETE')).toBe('IN_PROGRESS')
    expect(stackProgress('cluster-upgrade', 'UPDATE_IN_PROGRESS')).toBe('IN_PROGRESS')
  })
})

describe('Function: combineProgress', () => {
  it('is failed if any failed, else in progress if any is, else complete (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<StackProgress>('IN_PROGRESS', 'COMPLETE', 'FAILED')),
        (xs) => {
          const r = combineProgress(xs)
          if (xs.includes('FAILED')) expect(r).toBe('FAILED')
          else if (xs.includes('IN_PROGRESS')) expect(r).toBe('IN_PROGRESS')
          else expect(r).toBe('COMPLETE')
        }
      )
    )
  })
})

describe('Function: nextPollSeconds', () => {
  it('doubles from one second and never exceeds the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => nextPollSeconds(n, 30))).toEqual([
      1, 2, 4, 8, 16, 30, 30,
    ])
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 1, max: 300 }), (n, cap) => {
        const s = nextPollSeconds(n, cap)
        expect(s).toBeGreaterThanOrEqual(1)
        expect(s).toBeLessThanOrEqual(Math.max(1, cap))
      })
    )
  })
})
