import { randomUUID } from 'node:crypto'
import type { StackState } from '@berth/core/ports/stacks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenStackClusterCloud, OpenStackClusterCloudFactory } from '../cluster-cloud'
import { KeystoneCredentialIssuer } from '../credential-issuer'
import type { HeatClient } from '../heat'
import type { HttpClient } from '../http'
import type { KeystoneClient } from '../keystone'
import type { PasswordCredentials } from '../keystone-schemas'
import type { ServiceAccount } from '../service-account'
import { heatDetailTests } from './heat-details'
import { leftoverTests } from './leftovers'
import { type MemberApi, memberApi } from './member-api'
import { FAILING_NODE_TEMPLATE, failingTemplate, groupTemplate, NODE_TEMPLATE } from './templates'

/** A cloud the contract runs against: the development cloud, or a real one. */
export interface ContractCloud {
  keystone: KeystoneClient
  http: HttpClient
  /** A member of a project: issues the cluster's credential, as a user creating a cluster. */
  member: PasswordCredentials
  /** Berth's service account (Keystone admin): revokes it, as the delete workflow. */
  serviceAccount: ServiceAccount
  /** A member of another project, who must see nothing of the member's. */
  other: PasswordCredentials
  /** What the cloud is seeded with, as a cluster template names it. */
  seed: {
    image: string
    imageDistro: string
    flavor: string
    /** The member's keypair. */
    keypair: string
    externalNetwork: string
  }
  /** Longest a small stack may take to finish an action. */
  settleMs: number
  /**
   * Makes Nova find no host for new servers, as on a cloud without compute (the lab has none
   * anyway); returns what undoes it.
   */
  withoutComputeHosts?: () => () => void
  /**
   * How the workflows reach Heat. 'credential' (default): with the cluster's application
   * credential. 'trust': through a trust from the member to the service account, for clouds
   * whose Keystone refuses trusts (which Heat makes per stack) to application-credential tokens.
   */
  heatWith?: 'credential' | 'trust'
  close?: () => Promise<void>
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

/** One Heat test resource `slow` whose actions take the given seconds (others none). */
const slowTemplate = (wait: { create?: number; update?: number; delete?: number }) => ({
  heat_template_version: '2018-08-31',
  resources: {
    slow: {
      type: 'OS::Heat::TestResource',
      properties: { action_wait_secs: { create: 0, update: 0, delete: 0, ...wait } },
    },
  },
})

/**
 * The cluster lifecycle's view of a cloud, asserted the same way against every cloud: the
 * per-cluster application credential, Heat through StackPort, template validation, and the
 * Neutron leftovers cleanup looks for. Each run uses fresh names and removes what it made.
 *
 * @example
 * describeClusterCloudContract('development cloud', async () => ({ keystone, http, member, serviceAccount, settleMs: 20_000 }))
 */
export const describeClusterCloudContract = (
  label: string,
  open: () => Promise<ContractCloud>
): void => {
  describe(`ClusterCloud contract: ${label}`, () => {
    const run = randomUUID().slice(0, 8)
    const clusterUuid = randomUUID()
    let target: ContractCloud
    let cloud: OpenStackClusterCloud
    let heat: HeatClient
    let credential: { id: string; userId: string; secret: string; name: string; trustId?: string }
    const clouds = () =>
      new OpenStackClusterCloudFactory({
        keystone: target.keystone,
        http: target.http,
        serviceAccount: target.serviceAccount,
      })
    const credentials = () => ({
      applicationCredentialId: credential.id,
      applicationCredentialSecret: credential.secret,
      ...(credential.trustId === undefined ? {} : { trustId: credential.trustId }),
    })
    let issuer: KeystoneCredentialIssuer
    const stacks: string[] = []
    const cleanups: (() => Promise<unknown>)[] = []

    const settle = async (
      ref: string,
      done: (s: StackState | undefined) => boolean
    ): Promise<StackState | undefined> => {
      const deadline = Date.now() + target.settleMs
      for (;;) {
        const state = await heat.get(ref)
        if (done(state) || Date.now() > deadline) return state
        await sleep(250)
      }
    }
    const finished = (s: StackState | undefined) =>
      s === undefined || /_(COMPLETE|FAILED)$/.test(s.status)

    const createStack = async (
      suffix: string,
      template: Record<string, unknown>,
      files: Record<string, string>,
      parameters: Record<string, string | number> = {}
    ) => {
      const spec = {
        name: `berth-contract-${run}-${suffix}`,
        template,
        files,
        environment: {},
        parameters,
        timeoutMins: 10,
        disableRollback: true,
        tags: ['berth-contract', `run-${run}`],
      }
      const { id } = await heat.create(spec)
      stacks.push(id)
      return { id, spec }
    }

    let happy: Promise<{ id: string; name: string }> | undefined
    /** One settled stack shared by the tests that only read or change it. */
    const happyStack = () => {
      happy ??= (async () => {
        const { id, spec } = await createStack(
          'group',
          groupTemplate(),
          { 'node.yaml': NODE_TEMPLATE },
          { greeting: 'hello', count: 2 }
        )
        await settle(id, finished)
        return { id, name: spec.name }
      })()
      return happy
    }

    beforeAll(async () => {
      target = await open()
      issuer = new KeystoneCredentialIssuer({
        keystone: target.keystone,
        serviceAccount: target.serviceAccount,
        heatTrust: target.heatWith === 'trust',
        http: target.http,
      })
      const member = await target.keystone.authenticate(target.member)
      credential = await issuer.issue(
        member.token,
        `berth-contract-${run}`,
        `Berth contract ${clusterUuid}`
      )
      cloud = await clouds().open(credentials())
      heat = cloud.stacks
    }, 60_000)

    afterAll(async () => {
      if (heat !== undefined) {
        for (const id of stacks) await heat.delete(id).catch(() => undefined)
        for (const undo of cleanups) await undo().catch(() => undefined)
      }
      if (credential !== undefined) {
        await issuer
          .revoke(credential.userId, credential.id, credential.trustId)
          .catch(() => undefined)
      }
      await target?.close?.()
    }, 120_000)

    it("opens the cloud with the issued credential, in the member's project", async () => {
      const member = await target.keystone.authenticate(target.member)
      expect(cloud.projectId).toBe(member.body.project?.id)
      expect(cloud.authUrl).toBe(target.keystone.url)
      const catalog = member.body.catalog ?? []
      expect(cloud.loadBalancers !== undefined).toBe(
        catalog.some((e) => e.type === 'load-balancer')
      )
      expect(credential.trustId !== undefined).toBe(target.heatWith === 'trust')
    })

    it('creates a stack once however often asked, and shows it by id and name with outputs', async () => {
      // Act
      const { id, name } = await happyStack()
      const again = await heat.create({
        name,
        template: groupTemplate(),
        files: { 'node.yaml': NODE_TEMPLATE },
        environment: {},
        parameters: { greeting: 'hello', count: 2 },
        timeoutMins: 10,
        disableRollback: true,
        tags: [],
      })
      const byId = await settle(id, finished)
      const byName = await heat.get(name)

      // Assess
      expect(again.id).toBe(id)
      expect(byId).toMatchObject({ id, name, status: 'CREATE_COMPLETE' })
      expect(byName).toEqual(byId)
      expect(byId?.outputs).toMatchObject({ greeting: 'hello', nodes: ['0', '1'] })
      expect(byId?.parameters).toMatchObject({ greeting: 'hello', count: '2' })
    }, 120_000)

    const apis = new Map<PasswordCredentials, Promise<MemberApi>>()
    const apiOf = (who: PasswordCredentials) => {
      if (!apis.has(who)) apis.set(who, memberApi(target.keystone, target.http, who))
      return apis.get(who) as Promise<MemberApi>
    }
    /** The stack's own events, oldest first: `STATUS: reason`. */
    const stackEvents = async (name: string, id: string) => {
      const api = await apiOf(target.member)
      const r = await api.call<{
        events: { resource_name: string; resource_status: string; resource_status_reason: string }[]
      }>('orchestration', 'GET', `stacks/${name}/${id}/events`, undefined, { sort_dir: 'asc' })
      return r.events
        .filter((e) => e.resource_name === name)
        .map((e) => `${e.resource_status}: ${e.resource_status_reason}`)
    }

    heatDetailTests({
      happy: happyStack,
      member: () => apiOf(target.member),
      other: () => apiOf(target.other),
    })

    it('updates with PATCH keeping the template, then with PUT replacing it', async () => {
      // Prepare
      const { id } = await happyStack()
      await settle(id, finished)

      // Act
      await heat.update(id, {
        parameters: { count: 3, greeting: 'bye' },
        disableRollback: true,
      })
      const patched = await settle(
        id,
        (s) => s?.status === 'UPDATE_COMPLETE' && s.parameters.count === '3'
      )
      await heat.update(id, {
        parameters: { greeting: 'again', count: 1 },
        template: groupTemplate(true),
        files: { 'node.yaml': NODE_TEMPLATE },
        environment: {},
        disableRollback: true,
      })
      const put = await settle(
        id,
        (s) => s?.status === 'UPDATE_COMPLETE' && s.outputs.extra !== undefined
      )

      // Assess
      expect(patched?.outputs).toMatchObject({ greeting: 'bye', nodes: ['0', '1', '2'] })
      expect(put?.outputs).toMatchObject({ greeting: 'again', nodes: ['0'], extra: 'added by PUT' })
    }, 180_000)

    it('takes an update while one runs, the last one winning; refuses one while deleting', async () => {
      // Heat's convergence engine: why a retried or resumed update step needs no 409 dance.
      // Prepare: a stack whose updates take a while.
      const slow = {
        heat_template_version: '2018-08-31',
        parameters: { word: { type: 'string', default: 'a' } },
        resources: {
          slow: {
            type: 'OS::Heat::TestResource',
            properties: {
              value: { get_param: 'word' },
              action_wait_secs: { create: 0, update: 4, delete: 6 },
            },
          },
        },
        outputs: { word: { value: { get_attr: ['slow', 'output'] } } },
      }
      const { id } = await createStack('superseded', slow, {})
      await settle(id, finished)

      // Act
      await heat.update(id, { parameters: { word: 'b' }, disableRollback: true })
      expect((await heat.get(id))?.status).toBe('UPDATE_IN_PROGRESS')
      await heat.update(id, { parameters: { word: 'c' }, disableRollback: true })
      const done = await settle(id, (s) => s?.status === 'UPDATE_COMPLETE')
      await heat.delete(id)
      const refused = heat.update(id, { parameters: { word: 'd' }, disableRollback: true })

      // Assess
      expect(done?.parameters.word).toBe('c')
      expect(done?.outputs.word).toBe('c')
      await expect(refused).rejects.toMatchObject({
        name: 'OpenStack.Client',
        message: expect.stringContaining('when it is deleting is not supported'),
      })
    }, 120_000)

    it('rolls a failed update back when asked, to the previous parameters', async () => {
      // Why PATCH ?rollback=True ends ROLLBACK_COMPLETE with the old node count.
      // Prepare
      const template = {
        heat_template_version: '2018-08-31',
        parameters: {
          word: { type: 'string', default: 'a' },
          fail: { type: 'boolean', default: false },
        },
        resources: {
          r: {
            type: 'OS::Heat::TestResource',
            properties: { value: { get_param: 'word' }, fail: { get_param: 'fail' } },
          },
        },
        outputs: { word: { value: { get_attr: ['r', 'output'] } } },
      }
      const { id, spec } = await createStack('rollback', template, {})
      await settle(id, finished)

      // Act
      await heat.update(id, { parameters: { word: 'b', fail: true }, disableRollback: false })
      const rolled = await settle(id, (s) => /^ROLLBACK_(COMPLETE|FAILED)$/.test(s?.status ?? ''))

      // Assess
      expect(rolled).toMatchObject({ status: 'ROLLBACK_COMPLETE' })
      expect(rolled?.parameters.word).toBe('a')
      expect(rolled?.outputs.word).toBe('a')
      expect((await stackEvents(spec.name, id)).slice(-4)).toEqual([
        'UPDATE_IN_PROGRESS: Stack UPDATE started',
        'UPDATE_FAILED: Resource UPDATE failed: ValueError: resources.r: Test Resource failed r',
        'ROLLBACK_IN_PROGRESS: Stack ROLLBACK started',
        'ROLLBACK_COMPLETE: Stack ROLLBACK completed successfully',
      ])
    }, 120_000)

    it('reports a failure deep in nested stacks with the failed resources and reasons', async () => {
      // Act
      const { id } = await createStack('failing', failingTemplate(), {
        'failing.yaml': FAILING_NODE_TEMPLATE,
      })
      const state = await settle(id, finished)
      const failed = await heat.failedResources(id)

      // Assess
      expect(state?.status).toBe('CREATE_FAILED')
      expect(state?.reason).toMatch(/deep/)
      expect(failed).toContainEqual({
        name: 'deep',
        type: 'OS::Heat::TestResource',
        reason: expect.stringMatching(/deep/),
      })
      expect(failed.map((f) => f.name)).toContain('group')
      expect(failed.map((f) => f.name)).not.toContain('fine')
    }, 120_000)

    it('deletes; then the stack is gone by id and name, and deleting again is fine', async () => {
      // Prepare
      const { id, spec } = await createStack(
        'doomed',
        groupTemplate(),
        { 'node.yaml': NODE_TEMPLATE },
        { greeting: 'x', count: 1 }
      )
      await settle(id, finished)

      // Act
      await heat.delete(id)
      const gone = await settle(id, (s) => s === undefined)

      // Assess
      expect(gone).toBeUndefined()
      expect(await heat.get(spec.name)).toBeUndefined()
      await expect(heat.delete(id)).resolves.toBeUndefined()
      expect(await heat.failedResources(id)).toEqual([])
      await expect(
        heat.update(id, { parameters: {}, disableRollback: true })
        // Heat says 404 once it purged the stack and 400 while it keeps it DELETE_COMPLETE.
      ).rejects.toMatchObject({ name: 'OpenStack.Client' })
    }, 120_000)

    it('shows what a delete is on; asked again, cancels it and deletes the stack all the same', async () => {
      // Why a resumed delete workflow does not send its DELETE again (deleteClusterStacks).
      // Prepare: a stack whose delete takes a while.
      const { id, spec } = await createStack('slow-delete', slowTemplate({ delete: 8 }), {})
      await settle(id, finished)
      const events = () => stackEvents(spec.name, id)

      // Act
      await heat.delete(id)
      expect((await heat.get(id))?.status).toBe('DELETE_IN_PROGRESS')
      expect(await heat.pendingResources(id)).toEqual([
        { name: 'slow', type: 'OS::Heat::TestResource', status: 'DELETE_IN_PROGRESS' },
      ])
      await heat.delete(id)
      let seen: string[] = []
      const deadline = Date.now() + target.settleMs
      while (!seen.includes('DELETE_FAILED: Stack DELETE cancelled') && Date.now() < deadline) {
        seen = await events()
        await sleep(250)
      }

      // Assess: the first delete was cancelled and a second one started; the stack still goes.
      expect(seen.slice(-3)).toEqual([
        'DELETE_IN_PROGRESS: Stack DELETE started',
        'DELETE_FAILED: Stack DELETE cancelled',
        'DELETE_IN_PROGRESS: Stack DELETE started',
      ])
      expect(await settle(id, (s) => s === undefined)).toBeUndefined()
    }, 120_000)

    it('deletes a stack still being created, as a delete that supersedes a create does', async () => {
      // Prepare: a create that takes a while.
      const { id } = await createStack('deleted-while-created', slowTemplate({ create: 8 }), {})
      expect((await heat.get(id))?.status).toBe('CREATE_IN_PROGRESS')

      // Act
      await heat.delete(id)

      // Assess
      expect(await settle(id, (s) => s === undefined)).toBeUndefined()
    }, 120_000)

    it('knows nothing of stacks that never were', async () => {
      const unknown = randomUUID()
      expect(await heat.get(unknown)).toBeUndefined()
      expect(await heat.get(`berth-contract-${run}-never`)).toBeUndefined()
      await expect(heat.delete(unknown)).resolves.toBeUndefined()
    })

    it('validates templates as Heat does', async () => {
      const files = { 'node.yaml': NODE_TEMPLATE }
      expect(await heat.validate(groupTemplate(), files, {})).toEqual({ ok: true })
      const unknownType = await heat.validate(
        { heat_template_version: '2018-08-31', resources: { a: { type: 'OS::Berth::Nope' } } },
        {},
        {}
      )
      expect(unknownType).toEqual({ ok: false, message: expect.stringMatching(/OS::Berth::Nope/) })
      const missingFile = await heat.validate(
        { heat_template_version: '2018-08-31', resources: { n: { type: 'node.yaml' } } },
        {},
        {}
      )
      expect(missingFile).toEqual({ ok: false, message: expect.stringMatching(/node\.yaml/) })
    })

    leftoverTests({
      cloud: () => cloud,
      member: () => apiOf(target.member),
      clusterUuid,
      run,
      get settleMs() {
        return target.settleMs
      },
      cleanups,
    })

    it('deletes what is left, then revokes the credential; the cloud no longer opens with it', async () => {
      // Act: the delete workflow's order, as the credential's tokens die with it.
      for (const id of stacks) await heat.delete(id)
      for (const id of stacks) expect(await settle(id, (s) => s === undefined)).toBeUndefined()
      await issuer.revoke(credential.userId, credential.id, credential.trustId)
      await issuer.revoke(credential.userId, credential.id, credential.trustId)

      // Assess
      await expect(clouds().open(credentials())).rejects.toMatchObject({ name: 'OpenStack.Auth' })
      if (credential.trustId !== undefined) {
        const { token } = await target.serviceAccount.token()
        const trust = target.http.request({
          service: 'keystone',
          method: 'GET',
          url: `${target.keystone.url}/OS-TRUST/trusts/${credential.trustId}`,
          token,
        })
        await expect(trust).rejects.toMatchObject({ status: 404 })
      }
    }, 180_000)
  })
}
