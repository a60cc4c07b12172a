import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidError } from '../errors'
import { MAX_LIMIT, type PageQuery, paginate, parsePageQuery } from './page'

interface Row {
  uuid: string
  name: string | null
  size: number
  created: string
}

const options = {
  idOf: (r: Row) => r.uuid,
  sortValue: (r: Row, key: string) =>
    key === 'id' ? r.created : (r[key as keyof Row] as string | number | null),
  tieBreak: (r: Row) => `${r.created}#${r.uuid}`,
  markerNotFound: (m: string) => new Error(`marker ${m} not found`),
}

const rows = fc.uniqueArray(
  fc.record({
    uuid: fc.uuid(),
    name: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
    size: fc.integer({ min: 0, max: 5 }),
    created: fc.integer({ min: 0, max: 50 }).map((n) => String(n).padStart(4, '0')),
  }),
  { selector: (r) => r.uuid, maxLength: 40 }
)

describe('Function: paginate', () => {
  it('following next links visits every item exactly once, in order', () => {
    fc.assert(
      fc.property(
        rows,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('id', 'name', 'size'),
        fc.constantFrom('asc' as const, 'desc' as const),
        (items, limit, sortKey, sortDir) => {
          const all = paginate(
            items,
            { limit: MAX_LIMIT, marker: undefined, sortKey, sortDir },
            options
          )
          const seen: Row[] = []
          let q: PageQuery | undefined = { limit, marker: undefined, sortKey, sortDir }
          let guard = 0
          while (q && guard++ < 100) {
            const page: { items: Row[]; next: PageQuery | undefined } = paginate(items, q, options)
            expect(page.items.length).toBeLessThanOrEqual(limit)
            seen.push(...page.items)
            q = page.next
          }
          expect(seen.map((r) => r.uuid)).toEqual(all.items.map((r) => r.uuid))
          expect(new Set(seen.map((r) => r.uuid)).size).toBe(items.length)
        }
      )
    )
  })

  it('offers next only when the page is full', () => {
    const items: Row[] = [1, 2, 3].map((n) => ({
      uuid: `u${n}`,
      name: null,
      size: n,
      created: `${n}`,
    }))
    const q = { marker: undefined, sortKey: 'id', sortDir: 'asc' as const }
    expect(paginate(items, { ...q, limit: 3 }, options).next?.marker).toBe('u3')
    expect(paginate(items, { ...q, limit: 4 }, options).next).toBeUndefined()
    expect(paginate(items, { ...q, limit: 2 }, options).next?.marker).toBe('u2')
  })

  it('rejects a marker that is not in the visible set', () => {
    expect(() =>
      paginate([], { limit: 1, marker: 'nope', sortKey: 'id', sortDir: 'asc' }, options)
    ).toThrow('marker nope not found')
  })

  it('sorts nulls first ascending, as SQL does', () => {
    const items: Row[] = [
      { uuid: 'x', name: 'b', size: 0, created: '1' },
      { uuid: 'y', name: null, size: 0, created: '2' },
    ]
    const page = paginate(
      items,
      { limit: 5, marker: undefined, sortKey: 'name', sortDir: 'asc' },
      options
    )
    expect(page.items.map((r) => r.uuid)).toEqual(['y', 'x'])
  })
})

describe('Function: parsePageQuery', () => {
  const keys = ['id', 'name']

  it('defaults to Magnum’s page of 1000 sorted by id ascending', () => {
    expect(parsePageQuery({}, keys)).toEqual({
      limit: 1000,
      marker: undefined,
      sortKey: 'id',
      sortDir: 'asc',
    })
  })

  it('caps the limit at 1000 and rejects non-positive ones', () => {
    expect(parsePageQuery({ limit: '5000' }, keys).limit).toBe(1000)
    expect(() => parsePageQuery({ limit: '0' }, keys)).toThrow('Limit must be positive')
    expect(() => parsePageQuery({ limit: '-3' }, keys)).toThrow('Limit must be positive')
  })

  it('rejects bad sort keys and directions with Magnum’s messages', () => {
    expect(() => parsePageQuery({ sort_key: 'secret' }, keys)).toThrow(
      'The sort_key value "secret" is an invalid field for sorting'
    )
    expect(() => parsePageQuery({ sort_dir: 'up' }, keys)).toThrow('Invalid sort direction: up')
  })

  it('either parses or throws InvalidError, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.record(
          { limit: fc.string(), marker: fc.string(), sort_key: fc.string(), sort_dir: fc.string() },
          { requiredKeys: [] }
        ),
        (raw) => {
          try {
            const q = parsePageQuery(raw, keys)
            expect(q.limit).toBeGreaterThan(0)
            expect(q.limit).toBeLessThanOrEqual(MAX_LIMIT)
            expect(keys).toContain(q.sortKey)
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidError)
          }
        }
      )
    )
  })
})
