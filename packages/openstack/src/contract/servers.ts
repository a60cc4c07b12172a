import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { ContractCloud } from './cluster-cloud'
import { type MemberApi, memberApi } from './member-api'

type Server = {
  id: string
  name: string
  status: string
  fault?: { code: number; message: string; created: string }
  addresses: Record<string, unknown>
  'OS-EXT-STS:vm_state': string
  'OS-EXT-STS:task_state': string | null
  key_name: string | null
  flavor: { id?: string }
  image: { id: string }
  links: { rel: string; href: string }[]
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

/**
 * Nova servers where no host can take them, the way a cluster's nodes fail on a cloud without
 * compute (the lab) and the way the development cloud fails them with its no-valid-host fault:
 * accepted, then ERROR with Nova's fault, listed by name, deleted.
 */
export const describeServersContract = (label: string, open: () => Promise<ContractCloud>) => {
  describe(`Nova servers contract: ${label}`, () => {
    const run = randomUUID().slice(0, 8)
    let target: ContractCloud | undefined
    const undo: (() => Promise<unknown>)[] = []

    afterAll(async () => {
      for (const u of undo.reverse()) await u().catch(() => undefined)
      await target?.close?.()
    }, 120_000)

    it("accepts a server, fails it with Nova's No valid host, lists it by name, deletes it", async () => {
      // Prepare
      const t = await open()
      target = t
      const restore = t.withoutComputeHosts?.()
      if (restore) undo.push(async () => restore())
      const api: MemberApi = await memberApi(t.keystone, t.http, t.member)
      const net = (
        await api.call<{ network: { id: string } }>('network', 'POST', 'networks', {
          network: { name: `berth-contract-${run}` },
        })
      ).network.id
      undo.push(() => api.call('network', 'DELETE', `networks/${net}`))
      await api.call('network', 'POST', 'subnets', {
        subnet: { network_id: net, cidr: '10.82.0.0/24', ip_version: 4 },
      })
      const image = (
        await api.call<{ images: { id: string }[] }>('image', 'GET', 'images', undefined, {
          name: t.seed.image,
        })
      ).images[0]!.id
      const flavor = (
        await api.call<{ flavors: { id: string; name: string }[] }>(
          'compute',
          'GET',
          'flavors/detail'
        )
      ).flavors.find((f) => f.name === t.seed.flavor)!.id
      const name = `berth-contract-${run}`

      // Act
      const created = await api.call<{
        server: { id: string; adminPass: string; links: unknown[] }
      }>('compute', 'POST', 'servers', {
        server: {
          name,
          imageRef: image,
          flavorRef: flavor,
          key_name: t.seed.keypair,
          networks: [{ uuid: net }],
        },
      })
      const id = created.server.id
      undo.push(() => api.attempt('compute', 'DELETE', `servers/${id}`))
      let server: Server | undefined
      for (const deadline = Date.now() + t.settleMs; Date.now() < deadline; await sleep(500)) {
        server = (await api.call<{ server: Server }>('compute', 'GET', `servers/${id}`)).server
        if (server.status !== 'BUILD') break
      }
      const listed = await api.call<{ servers: { id: string; name: string }[] }>(
        'compute',
        'GET',
        'servers',
        undefined,
        { name }
      )
      const detailed = await api.call<{ servers: Server[] }>(
        'compute',
        'GET',
        'servers/detail',
        undefined,
        {
          name,
        }
      )
      await api.call('compute', 'DELETE', `servers/${id}`)
      let after = 200
      for (const deadline = Date.now() + t.settleMs; Date.now() < deadline; await sleep(500)) {
        after = (await api.attempt('compute', 'GET', `servers/${id}`)).status
        if (after === 404) break
      }

      // Assess
      expect(created.server.adminPass).toEqual(expect.any(String))
      expect(created.server.links).toHaveLength(2)
      expect(server).toMatchObject({
        id,
        name,
        status: 'ERROR',
        'OS-EXT-STS:vm_state': 'error',
        'OS-EXT-STS:task_state': null,
        addresses: {},
        key_name: t.seed.keypair,
        image: { id: image },
        fault: {
          code: 500,
          message: expect.stringMatching(/^No valid host was found\./),
          created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        },
      })
      expect(listed.servers).toEqual([{ id, name, links: expect.any(Array) }])
      expect(detailed.servers.map((s) => [s.id, s.status])).toEqual([[id, 'ERROR']])
      expect(after).toBe(404)
    }, 180_000)
  })
}
