import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { endpointFor } from '../catalog'
import { KeystoneClient } from '../keystone'
import { KeystoneTrusts } from '../keystone-trusts'
import type { ContractCloud } from './cluster-cloud'

/** The services Berth's API and workflows find through a member's catalog. */
const NEEDED_SERVICES = ['identity', 'image', 'compute', 'network', 'orchestration']

const refused = (kind: string) => expect.objectContaining({ kind })

/**
 * Keystone as Berth uses it: password, token and application-credential authentication, token
 * validation (a token by itself and through the service account), the catalog, the
 * per-cluster application credential and the trust through which Heat is reached.
 */
export const describeIdentityContract = (label: string, open: () => Promise<ContractCloud>) => {
  describe(`Keystone contract: ${label}`, () => {
    const run = randomUUID().slice(0, 8)
    let target: ContractCloud
    const undo: (() => Promise<unknown>)[] = []
    const cloud = async () => {
      target ??= await open()
      return target
    }
    /** A client without the cache of the suite's one, so every validation asks Keystone. */
    const fresh = (t: ContractCloud) =>
      new KeystoneClient({ authUrl: t.keystone.url, http: t.http })

    afterAll(async () => {
      for (const u of undo.reverse()) await u().catch(() => undefined)
      await target?.close?.()
    }, 60_000)

    it('password: a project-scoped token with roles and the catalog the lifecycle needs', async () => {
      const { keystone, member } = await cloud()
      const auth = await keystone.authenticate(member)
      expect(auth.token.length).toBeGreaterThan(20)
      expect(auth.expiresAt.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000)
      expect(auth.body.project?.id).toMatch(/^[0-9a-f]{32}$/)
      expect(auth.body.user.id).toMatch(/^[0-9a-f]{32}$/)
      expect((auth.body.roles ?? []).map((r) => r.name)).toContain('member')
      expect(auth.body.methods).toEqual(['password'])
      const catalog = auth.body.catalog ?? []
      for (const serviceType of NEEDED_SERVICES) {
        expect(endpointFor(catalog, { serviceType, interface: 'public' })).toMatch(/^https?:\/\//)
      }
      await expect(keystone.authenticate({ ...member, password: 'wrong' })).rejects.toEqual(
        refused('unauthorized')
      )
    }, 60_000)

    it('token: re-scoped to the project, the same user, expiring no later', async () => {
      const { keystone, member } = await cloud()
      const first = await keystone.authenticate(member)
      const project = { id: first.body.project!.id }
      const again = await keystone.authenticate({ method: 'token', token: first.token, project })
      expect(again.token).not.toBe(first.token)
      expect(again.body.user.id).toBe(first.body.user.id)
      expect(again.body.project?.id).toBe(project.id)
      expect(again.body.methods).toEqual(expect.arrayContaining(['token', 'password']))
      expect(again.expiresAt.getTime()).toBeLessThanOrEqual(first.expiresAt.getTime())
    }, 60_000)

    it('validates a token by itself and through the service account; refuses a made-up one', async () => {
      const t = await cloud()
      const { token, body } = await t.keystone.authenticate(t.member)
      const self = await fresh(t).validateToken(token)
      const viaService = await new KeystoneClient({
        authUrl: t.keystone.url,
        http: t.http,
        serviceToken: t.serviceAccount.tokenString,
      }).validateToken(token)
      expect(self).toMatchObject({ user: { id: body.user.id }, project: { id: body.project?.id } })
      expect(viaService).toMatchObject({ user: { id: body.user.id } })
      expect((viaService.catalog ?? []).length).toBeGreaterThan(0)
      await expect(fresh(t).validateToken(`gAAAAA${run}made-up`)).rejects.toEqual(
        refused('unauthorized')
      )
    }, 60_000)

    it('application credentials: restricted, found by name, on their project, revoked by the service account', async () => {
      // Prepare
      const t = await cloud()
      const member = await t.keystone.authenticate(t.member)
      const name = `berth-contract-${run}`
      const userId = member.body.user.id

      // Act
      const cred = await t.keystone.createApplicationCredential(member.token, {
        name,
        description: `Berth contract ${run}`,
        roles: ['member'],
        unrestricted: false,
      })
      undo.push(async () =>
        t.keystone.deleteApplicationCredential(
          (await t.serviceAccount.token()).token,
          cred.id,
          userId
        )
      )
      const listed = await t.keystone.listApplicationCredentials(member.token, { name })
      const auth = await t.keystone.authenticate({
        method: 'application_credential',
        id: cred.id,
        secret: cred.secret!,
      })
      const another = await t.keystone
        .createApplicationCredential(auth.token, { name: `${name}-2` })
        .then(
          () => undefined,
          (e: unknown) => e
        )
      const { token: admin } = await t.serviceAccount.token()
      const removed = await t.keystone.deleteApplicationCredential(admin, cred.id, userId)
      const removedAgain = await t.keystone.deleteApplicationCredential(admin, cred.id, userId)

      // Assess
      expect(cred).toMatchObject({ name, unrestricted: false, project_id: member.body.project?.id })
      expect(cred.secret?.length).toBeGreaterThan(16)
      expect(listed.map((c) => c.id)).toEqual([cred.id])
      expect(listed[0]).not.toHaveProperty('secret')
      expect(auth.body.project?.id).toBe(member.body.project?.id)
      expect(auth.body.methods).toContain('application_credential')
      expect((auth.body.roles ?? []).map((r) => r.name)).toContain('member')
      expect(another).toEqual(refused('forbidden'))
      expect([removed, removedAgain]).toEqual([true, false])
      await expect(
        t.keystone.authenticate({
          method: 'application_credential',
          id: cred.id,
          secret: cred.secret!,
        })
      ).rejects.toEqual(refused('unauthorized'))
      await expect(fresh(t).validateToken(auth.token)).rejects.toEqual(refused('unauthorized'))
    }, 60_000)

    it('trusts: the service account acts as the member through one; credential tokens may not make one', async () => {
      // Prepare
      const t = await cloud()
      const member = await t.keystone.authenticate(t.member)
      const trustee = (await t.serviceAccount.token()).body.user.id
      const trusts = new KeystoneTrusts(t.keystone, t.http)
      const cred = await t.keystone.createApplicationCredential(member.token, {
        name: `berth-contract-${run}-trust`,
        roles: ['member'],
      })
      undo.push(async () =>
        t.keystone.deleteApplicationCredential(
          (await t.serviceAccount.token()).token,
          cred.id,
          member.body.user.id
        )
      )
      const credToken = await t.keystone.authenticate({
        method: 'application_credential',
        id: cred.id,
        secret: cred.secret!,
      })

      // Act
      const trust = await trusts.create(member.token, {
        trusteeUserId: trustee,
        roles: ['member'],
        impersonation: true,
        allowRedelegation: true,
      })
      undo.push(async () => trusts.delete((await t.serviceAccount.token()).token, trust.id))
      const acting = await t.serviceAccount.trustToken(trust.id)
      const fromCredential = await trusts.create(credToken.token, { trusteeUserId: trustee }).then(
        () => undefined,
        (e: unknown) => e
      )
      const removed = await trusts.delete(member.token, trust.id)
      const removedAgain = await trusts.delete(member.token, trust.id)

      // Assess
      expect(trust).toMatchObject({
        trustor_user_id: member.body.user.id,
        trustee_user_id: trustee,
        project_id: member.body.project?.id,
        impersonation: true,
      })
      expect(acting.body.user.id).toBe(member.body.user.id)
      expect(acting.body.project?.id).toBe(member.body.project?.id)
      expect((acting.body.roles ?? []).map((r) => r.name)).toContain('member')
      expect(acting.body['OS-TRUST:trust']).toMatchObject({
        id: trust.id,
        impersonation: true,
        trustor_user: { id: member.body.user.id },
        trustee_user: { id: trustee },
      })
      expect(fromCredential).toEqual(refused('forbidden'))
      expect([removed, removedAgain]).toEqual([true, false])
      await expect(fresh(t).validateToken(acting.token)).rejects.toEqual(refused('unauthorized'))
    }, 60_000)
  })
}
