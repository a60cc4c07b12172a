import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OPERATION_KINDS } from '../clusters/model'
import { executionName } from './orchestrator'

describe('Function: executionName', () => {
  it('is a valid Step Functions name, distinct per resume, stable per operation (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPERATION_KINDS),
        fc.uuid(),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.nat(20),
        (kind, uuid, op, resume) => {
          const name = executionName(kind, uuid, op, resume)
          expect(name.length).toBeLessThanOrEqual(80)
          expect(name).toMatch(/^[A-Za-z0-9_-]+$/)
          expect(executionName(kind, uuid, op, resume)).toBe(name)
          expect(executionName(kind, uuid, op, resume + 1)).not.toBe(name)
        }
      )
    )
  })
})
