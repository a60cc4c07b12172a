import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LabCloud, labCloud } from './lab-cloud'
import {
  ensureLabQuotas,
  LAB,
  LAB_SEED,
  type LabBerth,
  type MagnumClient,
  magnumClient,
  startLabBerth,
  until,
} from './lab-support'

/**
 * The cluster lifecycle end to end on the OpenStack lab (BERTH_LAB=1): Berth on its own port
 * with the lab's Keystone as its cloud, its stacks built by the lab's real Heat. The lab has no
 * compute host: with the sandbox option servers are provider templates and clusters complete;
 * without it, Nova finds no valid host and the cluster fails the way a real one would.
 */
type ClusterView = {
  uuid: string
  status: string
  status_reason: string | null
  /** The Heat stack: `stack_id` before microversion 1.13, `cluster_id` from it on. */
  stack_id?: string | null
  cluster_id?: string | null
  node_count: number
  api_address: string | null
  master_addresses: string[]
  node_addresses: string[]
  faults?: Record<string, string> | null
}

const run = randomUUID().slice(0, 6)

/** What Heat says of the cluster's stack, once it has one: for a wait that timed out. */
const diagnoseStack = async (cloud: LabCloud, api: MagnumClient, path: string) => {
  const c = (await api.get<ClusterView>(path)).body
  const id = c?.cluster_id ?? c?.stack_id
  return id ? cloud.unfinished(id) : 'no stack yet'
}

const stackOf = (c: ClusterView): string => {
  const id = c.cluster_id ?? c.stack_id
  expect(id).toMatch(/^[0-9a-f-]{36}$/)
  return id as string
}

const templateBody = (name: string) => ({
  name,
  coe: 'kubernetes',
  image_id: LAB_SEED.image,
  external_network_id: LAB_SEED.externalNetwork,
  flavor_id: LAB_SEED.flavor,
  master_flavor_id: LAB_SEED.flavor,
  keypair_id: LAB_SEED.keypair,
  network_driver: 'flannel',
  master_lb_enabled: false,
  floating_ip_enabled: true,
})

/** Waits for Berth to forget the cluster; on a timeout, says what of its stack Heat still has. */
const gone = async (api: MagnumClient, path: string, ms: number, stackId?: string) =>
  until(
    `${path} deleted`,
    async () => {
      const r = await api.get<ClusterView>(path)
      if (r.body?.status === 'DELETE_FAILED') throw new Error(`delete failed: ${r.text}`)
      return r
    },
    (r) => r.status === 404,
    ms,
    {
      show: (r) => (r.status === 404 ? 'gone' : (r.body?.status ?? String(r.status))),
      diagnose: async () => (stackId ? (await labCloud('demo')).unfinished(stackId) : undefined),
    }
  )

/** How the lifecycle waits report: the cluster's status and node count as they change. */
const progress = (c: ClusterView) => `${c.status} (${c.node_count} nodes)`

describe.runIf(LAB)('Berth on the OpenStack lab', () => {
  let sandboxed: LabBerth
  let plain: LabBerth
  /** Whatever a failed test left in the lab goes through Berth's own delete. */
  const leftovers: { api: MagnumClient; path: string }[] = []

  beforeAll(async () => {
    await ensureLabQuotas('demo')
    sandboxed = await startLabBerth({ sandbox: true })
    plain = await startLabBerth({ sandbox: false })
  })
  afterAll(async () => {
    // Bounded, so a cloud that cannot delete fails the run instead of running out CI's time.
    for (const { api, path } of leftovers) {
      if ((await api.delete(path)).status === 204) await gone(api, path, 2 * 60_000)
    }
    await sandboxed?.stop()
    await plain?.stop()
  }, 8 * 60_000)

  it(
    'with the sandbox option: create, CREATE_COMPLETE, resize, delete leaving nothing',
    async () => {
      // Prepare
      const api = magnumClient(sandboxed.url, 'demo')
      const cloud = await labCloud('demo')
      const t = await api.post<{ uuid: string }>(
        '/v1/clustertemplates',
        templateBody(`lab-sandbox-${run}`)
      )
      expect(t.status, t.text).toBe(201)

      // Act: create
      const created = await api.post<{ uuid: string }>('/v1/clusters', {
        name: `lab-sandbox-${run}`,
        cluster_template_id: t.body.uuid,
        master_count: 1,
        node_count: 1,
        create_timeout: 20,
      })
      expect(created.status, created.text).toBe(202)
      const uuid = created.body.uuid
      const path = `/v1/clusters/${uuid}`
      leftovers.push({ api, path })
      const complete = await until(
        'create',
        async () => (await api.get<ClusterView>(path)).body,
        (c) => !c.status.endsWith('_IN_PROGRESS'),
        4 * 60_000,
        { show: progress, diagnose: () => diagnoseStack(cloud, api, path) }
      )

      // Assess: a real stack, its network built, the cluster's fields read from its outputs.
      expect(complete.status, complete.status_reason ?? '').toBe('CREATE_COMPLETE')
      const stackId = stackOf(complete)
      expect(await cloud.stackStatus(stackId)).toBe('CREATE_COMPLETE')
      expect(complete.api_address).toMatch(/^https:\/\/172\.24\.4\.\d+:6443$/)
      expect(complete.master_addresses).toHaveLength(1)
      expect(complete.node_addresses).toHaveLength(1)
      const footprint = await cloud.footprint(stackId)
      expect(footprint.ports.length).toBeGreaterThanOrEqual(2)
      expect(footprint.floatingips.length).toBeGreaterThanOrEqual(2)
      expect(footprint.security_groups.length).toBeGreaterThanOrEqual(1)

      // Act: resize
      const resize = await api.post(`${path}/actions/resize`, { node_count: 2 })
      expect(resize.status, resize.text).toBe(202)
      const resized = await until(
        'resize',
        async () => (await api.get<ClusterView>(path)).body,
        (c) => c.status !== 'UPDATE_IN_PROGRESS' && c.node_count === 2,
        3 * 60_000,
        { show: progress, diagnose: () => cloud.unfinished(stackId) }
      )

      // Assess
      expect(resized.status, resized.status_reason ?? '').toBe('UPDATE_COMPLETE')
      expect(resized.node_addresses).toHaveLength(2)
      const grown = await cloud.footprint(stackId)
      expect(grown.ports.length).toBeGreaterThan(footprint.ports.length)

      // Act: delete
      const deleted = await api.delete(path)
      expect(deleted.status, deleted.text).toBe(204)
      await gone(api, path, 3 * 60_000, stackId)

      // Assess: nothing of the cluster is left in the project.
      expect(await cloud.stackStatus(stackId)).toBeUndefined()
      expect(await cloud.stillThere(grown)).toEqual([])
      expect(await cloud.namingCluster(uuid)).toEqual([])
      expect(await cloud.credentialsNaming(uuid)).toEqual([])
      expect((await api.delete(`/v1/clustertemplates/${t.body.uuid}`)).status).toBe(204)
    },
    15 * 60_000
  )

  it(
    "without it: the bay fails with Nova's No valid host, and deleting it succeeds",
    async () => {
      // Prepare
      const api = magnumClient(plain.url, 'demo')
      const cloud = await labCloud('demo')
      const model = await api.post<{ uuid: string }>(
        '/v1/baymodels',
        templateBody(`lab-no-host-${run}`)
      )
      expect(model.status, model.text).toBe(201)

      // Act
      const created = await api.post<{ uuid: string }>('/v1/bays', {
        name: `lab-no-host-${run}`,
        baymodel_id: model.body.uuid,
        master_count: 1,
        node_count: 1,
        bay_create_timeout: 20,
      })
      expect(created.status, created.text).toBe(202)
      const uuid = created.body.uuid
      leftovers.push({ api, path: `/v1/bays/${uuid}` })
      const failed = await until(
        'create',
        async () => (await api.get<ClusterView>(`/v1/clusters/${uuid}`)).body,
        (c) => !c.status.endsWith('_IN_PROGRESS'),
        10 * 60_000,
        {
          everyMs: 5000,
          show: progress,
          diagnose: () => diagnoseStack(cloud, api, `/v1/clusters/${uuid}`),
        }
      )

      // Assess
      expect(failed.status).toBe('CREATE_FAILED')
      expect(failed.status_reason).toContain('No valid host was found')
      expect(Object.values(failed.faults ?? {}).join(' ')).toContain('No valid host was found')
      const bay = await api.get<{ status: string; status_reason: string }>(`/v1/bays/${uuid}`)
      expect(bay.body).toMatchObject({
        status: 'CREATE_FAILED',
        status_reason: failed.status_reason,
      })
      const footprint = await cloud.footprint(stackOf(failed))

      // Act: delete the failed bay
      const deleted = await api.delete(`/v1/bays/${uuid}`)
      expect(deleted.status, deleted.text).toBe(204)
      await gone(api, `/v1/bays/${uuid}`, 5 * 60_000, stackOf(failed))

      // Assess
      expect(await cloud.stackStatus(stackOf(failed))).toBeUndefined()
      expect(await cloud.stillThere(footprint)).toEqual([])
      expect(await cloud.credentialsNaming(uuid)).toEqual([])
      expect((await api.delete(`/v1/baymodels/${model.body.uuid}`)).status).toBe(204)
    },
    20 * 60_000
  )
})
