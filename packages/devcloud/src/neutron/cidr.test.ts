import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bigToIp,
  cidrText,
  contains,
  defaultGateway,
  defaultPool,
  ipToBig,
  overlaps,
  parseCidr,
} from './cidr'

describe('cidr', () => {
  it('round-trips IPv4 and IPv6 addresses through integers', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => bigToIp(ipToBig(ip), 4) === ip))
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (n) => ipToBig(bigToIp(n, 6)) === n
      )
    )
  })

  it('clears host bits and computes Neutron’s default gateway and pool', () => {
    const c = parseCidr('10.1.2.77/24')
    expect(c && cidrText(c)).toBe('10.1.2.0/24')
    if (!c) throw new Error('unparsed')
    expect(defaultGateway(c)).toBe('10.1.2.1')
    expect(defaultPool(c, '10.1.2.1')).toEqual({ start: '10.1.2.2', end: '10.1.2.254' })
    expect(defaultPool(c, null)).toEqual({ start: '10.1.2.1', end: '10.1.2.254' })
    const v6 = parseCidr('fd00:1::/64')
    if (!v6) throw new Error('unparsed')
    expect(cidrText(v6)).toBe('fd00:1::/64')
    expect(defaultGateway(v6)).toBe('fd00:1::1')
  })

  it('rejects malformed CIDRs', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', 'x/8', '::/129']) {
      expect(parseCidr(bad), bad).toBeUndefined()
    }
  })

  it('detects overlap and containment', () => {
    const a = parseCidr('10.0.0.0/16')
    const b = parseCidr('10.0.200.0/24')
    const c = parseCidr('10.1.0.0/24')
    if (!a || !b || !c) throw new Error('unparsed')
    expect(overlaps(a, b)).toBe(true)
    expect(overlaps(b, a)).toBe(true)
    expect(overlaps(a, c)).toBe(false)
    expect(contains(a, '10.0.255.255')).toBe(true)
    expect(contains(a, '10.1.0.0')).toBe(false)
    expect(contains(a, 'fd00::1')).toBe(false)
  })
})
