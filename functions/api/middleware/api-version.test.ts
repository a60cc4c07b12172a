import { BerthError } from '@berth/core/errors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_API_VERSION, MIN_API_VERSION, parseApiVersion, requireVersion } from './api-version'

const notAcceptable = (f: () => unknown, message: string) => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(BerthError)
    expect((e as BerthError).kind).toBe('not_acceptable')
    expect((e as BerthError).message).toContain(message)
    return e as BerthError
  }
  throw new Error('expected a 406')
}

describe('Function: parseApiVersion', () => {
  it('defaults to the minimum, 1.1, like Magnum', () => {
    expect(parseApiVersion(undefined)).toEqual(MIN_API_VERSION)
    expect(parseApiVersion('')).toEqual(MIN_API_VERSION)
  })

  it('maps latest to the maximum and accepts every service alias', () => {
    expect(parseApiVersion('container-infra latest')).toEqual(MAX_API_VERSION)
    expect(parseApiVersion('container-infrastructure-management 1.9')).toEqual({
      major: 1,
      minor: 9,
    })
    expect(parseApiVersion('compute 2.1, container-infra 1.5')).toEqual({ major: 1, minor: 5 })
  })

  it('rejects other services, bad numbers and versions out of range', () => {
    notAcceptable(() => parseApiVersion('compute 2.1'), 'Invalid service type')
    notAcceptable(() => parseApiVersion('container-infra'), 'Invalid service type')
    notAcceptable(() => parseApiVersion('container-infra one.two'), 'Invalid value')
    const e = notAcceptable(
      () => parseApiVersion('container-infra 1.99'),
      'Version 1.99 was requested'
    )
    expect(e.extra).toMatchObject({
      code: 'magnum.microversion-unsupported',
      min_version: '1.1',
      max_version: '1.14',
    })
    notAcceptable(
      () => parseApiVersion('container-infra 1.0'),
      'supported version range is: [1.1, 1.14]'
    )
  })

  it('accepts exactly the versions in range (property)', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.nat(20), (major, minor) => {
        const inRange = major === 1 && minor >= 1 && minor <= 14
        try {
          expect(parseApiVersion(`container-infra ${major}.${minor}`)).toEqual({ major, minor })
          expect(inRange).toBe(true)
        } catch (e) {
          expect(inRange).toBe(false)
          expect((e as BerthError).kind).toBe('not_acceptable')
        }
      })
    )
  })
})

describe('Function: requireVersion', () => {
  it('says which API needs a newer version', () => {
    notAcceptable(
      () => requireVersion({ major: 1, minor: 6 }, 1, 7, 'resize'),
      'Version 1.6 was requested but the requested API resize is not supported for this version.'
    )
    expect(() => requireVersion({ major: 1, minor: 7 }, 1, 7, 'resize')).not.toThrow()
  })
})
