import type { AttributeValue, Item, RawItem } from './dynamodb-types'

/**
 * Plain values ⇄ DynamoDB's attribute values, with the rules the SDK's document client applied
 * for Berth (removeUndefinedValues): `undefined` map entries and list elements are left out,
 * since DynamoDB has no such value; numbers must be finite and, when integers, safe, so what
 * is read back is what was written; anything that is not plain data (a Date, a class
 * instance, a function) is refused rather than stored as something else.
 */
export class MarshallError extends TypeError {
  constructor(message: string) {
    super(message)
    this.name = 'MarshallError'
  }
}

const isPlainObject = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

const numberText = (n: number): string => {
  if (!Number.isFinite(n)) throw new MarshallError(`${n} cannot be stored in DynamoDB`)
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new MarshallError(`${n} is beyond the integers a number holds exactly`)
  }
  return String(n)
}

const base64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

const setAttribute = (set: Set<unknown>): AttributeValue => {
  const values = [...set]
  if (values.length === 0) throw new MarshallError('DynamoDB refuses empty sets')
  if (values.every((v) => typeof v === 'string')) return { SS: values }
  if (values.every((v) => typeof v === 'number')) return { NS: values.map(numberText) }
  if (values.every((v) => v instanceof Uint8Array)) return { BS: values.map(base64) }
  throw new MarshallError('a set must hold only strings, only numbers or only byte arrays')
}

/** One value; `undefined` for a value to leave out. */
export const toAttribute = (v: unknown): AttributeValue | undefined => {
  if (v === undefined) return undefined
  if (v === null) return { NULL: true }
  switch (typeof v) {
    case 'string':
      return { S: v }
    case 'number':
      return { N: numberText(v) }
    case 'boolean':
      return { BOOL: v }
    case 'object': {
      if (v instanceof Uint8Array) return { B: base64(v) }
      if (Array.isArray(v)) {
        return { L: v.map(toAttribute).filter((a): a is AttributeValue => a !== undefined) }
      }
      if (v instanceof Set) return setAttribute(v)
      if (isPlainObject(v)) return { M: marshallItem(v) }
      throw new MarshallError(`a ${v.constructor?.name ?? 'class'} instance is not plain data`)
    }
    default:
      throw new MarshallError(`a ${typeof v} cannot be stored in DynamoDB`)
  }
}

/** An item, key or map of expression values. */
export const marshallItem = (item: Item): RawItem => {
  const entries: [string, AttributeValue][] = []
  for (const [k, v] of Object.entries(item)) {
    const a = toAttribute(v)
    if (a !== undefined) entries.push([k, a])
  }
  // fromEntries defines properties, so even a key named __proto__ stays an attribute.
  return Object.fromEntries(entries)
}

const parseNumber = (text: string): number => {
  const n = Number(text)
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw new MarshallError(`DynamoDB number ${text} does not fit a JavaScript number`)
  }
  return n
}

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'))

export const fromAttribute = (a: AttributeValue): unknown => {
  if (a.S !== undefined) return a.S
  if (a.N !== undefined) return parseNumber(a.N)
  if (a.BOOL !== undefined) return a.BOOL
  if (a.NULL !== undefined) return null
  if (a.M !== undefined) return unmarshallItem(a.M)
  if (a.L !== undefined) return a.L.map(fromAttribute)
  if (a.B !== undefined) return bytes(a.B)
  if (a.SS !== undefined) return new Set(a.SS)
  if (a.NS !== undefined) return new Set(a.NS.map(parseNumber))
  if (a.BS !== undefined) return new Set(a.BS.map(bytes))
  throw new MarshallError(`unknown attribute value type: ${Object.keys(a).join(', ')}`)
}

export const unmarshallItem = (raw: RawItem): Item =>
  Object.fromEntries(Object.entries(raw).map(([k, a]) => [k, fromAttribute(a)]))
