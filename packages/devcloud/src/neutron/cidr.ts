import { isIP } from 'node:net'

/** An IPv4 or IPv6 network, as integers, for subnet defaults and overlap checks. */
export interface Cidr {
  version: 4 | 6
  network: bigint
  prefix: number
  bits: number
}

const v4ToBig = (ip: string): bigint =>
  ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n)

const v6ToBig = (ip: string): bigint => {
  const [head = '', tail] = ip.split('::')
  const parts = (s: string) => (s === '' ? [] : s.split(':'))
  const h = parts(head)
  const t = tail === undefined ? [] : parts(tail)
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n)
}

export const ipToBig = (ip: string): bigint => (isIP(ip) === 4 ? v4ToBig(ip) : v6ToBig(ip))

export const bigToIp = (n: bigint, version: 4 | 6): string => {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.')
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((n >> BigInt((7 - i) * 16)) & 0xffffn).toString(16)
  )
  // Compress the longest run of two or more zero groups, as IPv6 text conventionally does.
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === '0') j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j === i ? i + 1 : j
  }
  if (bestStart < 0) return groups.join(':')
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`
}

/** Parses `a.b.c.d/n` or `x::/n`; undefined when malformed. The host bits are cleared. */
export const parseCidr = (text: string): Cidr | undefined => {
  const [ip, prefixText] = text.split('/')
  const version = ip === undefined ? 0 : isIP(ip)
  if ((version !== 4 && version !== 6) || prefixText === undefined || !/^\d+$/.test(prefixText))
    return undefined
  const bits = version === 4 ? 32 : 128
  const prefix = Number(prefixText)
  if (prefix > bits) return undefined
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n)
  return { version, network: ipToBig(ip ?? '') & mask, prefix, bits }
}

export const cidrText = (c: Cidr): string => `${bigToIp(c.network, c.version)}/${c.prefix}`

const lastAddress = (c: Cidr): bigint => c.network + (1n << BigInt(c.bits - c.prefix)) - 1n

export const contains = (c: Cidr, ip: string): boolean => {
  const n = ipToBig(ip)
  return isIP(ip) === c.version && n >= c.network && n <= lastAddress(c)
}

export const overlaps = (a: Cidr, b: Cidr): boolean =>
  a.version === b.version && a.network <= lastAddress(b) && b.network <= lastAddress(a)

/** Neutron's defaults: gateway at the first host, the pool from the next to the last usable. */
export const defaultGateway = (c: Cidr): string => bigToIp(c.network + 1n, c.version)

export const defaultPool = (c: Cidr, gateway: string | null): { start: string; end: string } => {
  const last = c.version === 4 ? lastAddress(c) - 1n : lastAddress(c)
  let start = c.network + 1n
  if (gateway !== null && ipToBig(gateway) === start) start += 1n
  return { start: bigToIp(start, c.version), end: bigToIp(last, c.version) }
}
