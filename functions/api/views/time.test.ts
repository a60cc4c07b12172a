import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { magnumTime } from './time'

describe('Function: magnumTime', () => {
  it('writes Magnum’s offset form without fractions', () => {
    expect(magnumTime('2026-11-22T10:30:50.051Z')).toBe('2026-11-22T10:30:50+00:00')
    expect(magnumTime(null)).toBeNull()
  })

  it('keeps the instant to the second (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), (d) => {
        const out = magnumTime(d.toISOString())
        expect(out).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
        expect(Math.floor(d.getTime() / 1000) * 1000).toBe(Date.parse(out ?? ''))
      })
    )
  })
})
