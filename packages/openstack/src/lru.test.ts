import { describe, expect, it } from 'vitest'
import { LruCache, SingleFlight } from './lru'

describe('Class: LruCache', () => {
  it('evicts the least recently used entry first', () => {
    // Prepare
    const cache = new LruCache<string, number>(2, () => 0)
    cache.set('a', 1, 100)
    cache.set('b', 2, 100)

    // Act: reading a makes b the oldest
    cache.get('a')
    cache.set('c', 3, 100)

    // Assess
    expect(cache.get('a')).toBe(1)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('c')).toBe(3)
    expect(cache.size).toBe(2)
  })

  it('forgets entries once they expire, and never stores already expired ones', () => {
    // Prepare
    let now = 0
    const cache = new LruCache<string, number>(10, () => now)
    cache.set('a', 1, 50)
    cache.set('old', 2, 0)

    // Act & Assess
    expect(cache.get('a')).toBe(1)
    expect(cache.get('old')).toBeUndefined()
    now = 50
    expect(cache.get('a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })
})

describe('Class: SingleFlight', () => {
  it('shares one load between concurrent callers, then loads afresh', async () => {
    // Prepare
    const flights = new SingleFlight<string, number>()
    let loads = 0
    const load = async () => {
      loads++
      await new Promise((ok) => setTimeout(ok, 5))
      return loads
    }

    // Act
    const [a, b] = await Promise.all([flights.run('k', load), flights.run('k', load)])
    const c = await flights.run('k', load)

    // Assess
    expect([a, b, c]).toEqual([1, 1, 2])
  })

  it('lets the next caller retry after a failed load', async () => {
    // Prepare
    const flights = new SingleFlight<string, number>()

    // Act
    const failed = flights.run('k', async () => {
      throw new Error('boom')
    })

    // Assess
    await expect(failed).rejects.toThrow('boom')
    await expect(flights.run('k', async () => 7)).resolves.toBe(7)
  })
})
