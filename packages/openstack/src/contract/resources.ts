import { randomUUID } from 'node:crypto'
import type { CloudResources } from '@berth/core/ports/cloud'
import { afterAll, describe, expect, it } from 'vitest'
import { OpenStackCloudResourcesFactory } from '../cloud-resources'
import { principalFromToken } from '../keystone'
import type { PasswordCredentials } from '../keystone-schemas'
import type { ContractCloud } from './cluster-cloud'
import { type MemberApi, memberApi } from './member-api'

type Created<K extends string> = Record<K, { id: string }>

/**
 * What the API checks a cluster template and a cluster against, through Berth's
 * CloudResources as the calling user: Glance images (by name or id, os_distro), Nova flavors
 * and keypairs (a user's own only), Neutron external networks and subnets (several with one
 * name are a conflict, as in Magnum).
 */
export const describeResourcesContract = (label: string, open: () => Promise<ContractCloud>) => {
  describe(`Glance, Nova and Neutron look-ups contract: ${label}`, () => {
    const run = randomUUID().slice(0, 8)
    let target: ContractCloud
    let api: MemberApi | undefined
    const undo: (() => Promise<unknown>)[] = []
    const cloud = async () => {
      target ??= await open()
      return target
    }
    const resourcesOf = async (
      t: ContractCloud,
      who: PasswordCredentials
    ): Promise<CloudResources> => {
      const { token } = await t.keystone.authenticate(who)
      const principal = principalFromToken(await t.keystone.validateToken(token), token)
      return new OpenStackCloudResourcesFactory({
        keystone: t.keystone,
        http: t.http,
      }).forPrincipal(principal)
    }
    const member = async () => {
      const t = await cloud()
      api ??= await memberApi(t.keystone, t.http, t.member)
      return api
    }

    afterAll(async () => {
      for (const u of undo.reverse()) await u().catch(() => undefined)
      await target?.close?.()
    }, 60_000)

    it('finds an image by name and by id, with its os_distro; nothing for unknown ones', async () => {
      const t = await cloud()
      const r = await resourcesOf(t, t.member)
      const byName = await r.findImage(t.seed.image)
      expect(byName).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: t.seed.image,
        osDistro: t.seed.imageDistro,
        visibility: 'public',
      })
      expect(await r.findImage(byName!.id)).toEqual(byName)
      expect(await r.findImage(`no-such-image-${run}`)).toBeUndefined()
      expect(await r.findImage(randomUUID())).toBeUndefined()
    }, 60_000)

    it('finds a flavor by name and by id; nothing for unknown ones', async () => {
      const t = await cloud()
      const r = await resourcesOf(t, t.member)
      const byName = await r.findFlavor(t.seed.flavor)
      expect(byName).toMatchObject({ name: t.seed.flavor })
      expect(byName!.vcpus).toBeGreaterThan(0)
      expect(byName!.ramMb).toBeGreaterThan(0)
      expect(await r.findFlavor(byName!.id)).toEqual(byName)
      expect(await r.findFlavor(`no-such-flavor-${run}`)).toBeUndefined()
    }, 60_000)

    it("finds the user's own keypair only", async () => {
      const t = await cloud()
      const mine = await (await resourcesOf(t, t.member)).findKeypair(t.seed.keypair)
      expect(mine).toEqual({
        name: t.seed.keypair,
        fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/),
      })
      expect(await (await resourcesOf(t, t.other)).findKeypair(t.seed.keypair)).toBeUndefined()
      expect(await (await resourcesOf(t, t.member)).findKeypair(`no-such-${run}`)).toBeUndefined()
    }, 60_000)

    it('finds the external network by name and id, with its subnets', async () => {
      const t = await cloud()
      const r = await resourcesOf(t, t.member)
      const ext = await r.findNetwork(t.seed.externalNetwork)
      expect(ext).toMatchObject({ name: t.seed.externalNetwork, external: true })
      expect(ext!.subnetIds.length).toBeGreaterThan(0)
      expect(await r.findNetwork(ext!.id)).toEqual(ext)
      expect(await r.findNetwork(`no-such-network-${run}`)).toBeUndefined()
    }, 60_000)

    it("finds the member's subnets by name and id; two of one name are a conflict", async () => {
      // Prepare
      const t = await cloud()
      const call = (await member()).call
      const net = (
        await call<Created<'network'>>('network', 'POST', 'networks', {
          network: { name: `berth-contract-${run}` },
        })
      ).network.id
      undo.push(() => call('network', 'DELETE', `networks/${net}`))
      const subnet = (cidr: string, name: string) =>
        call<Created<'subnet'>>('network', 'POST', 'subnets', {
          subnet: { network_id: net, cidr, ip_version: 4, name, dns_nameservers: ['8.8.8.8'] },
        })
      const one = (await subnet('10.81.0.0/24', `berth-contract-${run}-a`)).subnet.id
      await subnet('10.81.1.0/24', `berth-contract-${run}-twice`)
      await subnet('10.81.2.0/24', `berth-contract-${run}-twice`)
      const r = await resourcesOf(t, t.member)

      // Act
      const byName = await r.findSubnet(`berth-contract-${run}-a`)
      const byId = await r.findSubnet(one)
      const twice = await r.findSubnet(`berth-contract-${run}-twice`).then(
        () => undefined,
        (e: unknown) => e
      )
      const network = await r.findNetwork(net)

      // Assess
      expect(byName).toEqual({
        id: one,
        name: `berth-contract-${run}-a`,
        networkId: net,
        cidr: '10.81.0.0/24',
      })
      expect(byId).toEqual(byName)
      expect(twice).toMatchObject({ kind: 'conflict' })
      expect(network).toMatchObject({ external: false })
      expect([...(network?.subnetIds ?? [])].sort()).toHaveLength(3)
    }, 60_000)
  })
}
