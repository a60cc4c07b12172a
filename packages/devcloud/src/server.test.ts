import { describe, expect, it } from 'vitest'
import { startDevCloud } from './server'

describe('startDevCloud', () => {
  it('serves on a free port and reports its URLs', async () => {
    const cloud = await startDevCloud({ port: 0 })
    try {
      expect(cloud.port).toBeGreaterThan(0)
      expect(cloud.authUrl).toBe(`http://127.0.0.1:${cloud.port}/v3`)
      const res = await fetch(cloud.authUrl)
      expect(res.status).toBe(200)
      const body = (await res.json()) as { version: { links: { href: string }[] } }
      expect(body.version.links[0]?.href).toBe(`${cloud.authUrl}/`)
    } finally {
      await cloud.close()
    }
  })

  it('rejects with an error naming the port when it is taken', async () => {
    const first = await startDevCloud({ port: 0 })
    try {
      await expect(startDevCloud({ port: first.port })).rejects.toThrow(`port ${first.port}`)
    } finally {
      await first.close()
    }
  })
})
