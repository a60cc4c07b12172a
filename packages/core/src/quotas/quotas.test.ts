import { describe, expect, it } from 'vitest'
import { PROJECTS, principal } from '../clusters/test-support'
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../errors'
import { createPolicy } from '../policy'
import type { QuotaDeps } from './deps'
import { storedQuotaSource } from './limits'
import type { Quota, QuotaResource, StoredQuota } from './model'
import { getQuota, listQuotas } from './read'
import type { QuotaRepository } from './repository'
import { createQuota, deleteQuota, updateQuota } from './write'

/** The store's semantics in memory: one row per project and resource, ids from a counter. */
class MemoryQuotas implements QuotaRepository {
  rows: StoredQuota[] = []
  private next = 1
  async get(p: string, r: QuotaResource) {
    return this.rows.find((q) => q.project_id === p && q.resource === r)
  }
  async list(p: string | undefined) {
    return this.rows.filter((q) => p === undefined || q.project_id === p)
  }
  async create(q: Omit<Quota, 'id'>) {
    if (await this.get(q.project_id, q.resource)) throw new ConflictError('exists')
    const stored = { ...q, id: this.next++, version: 1 }
    this.rows.push(stored)
    return stored
  }
  async update(q: StoredQuota) {
    const next = { ...q, version: q.version + 1 }
    this.rows = this.rows.map((r) => (r.id === q.id ? next : r))
    return next
  }
  async delete(p: string, r: QuotaResource) {
    if (!(await this.get(p, r))) throw new NotFoundError('none')
    this.rows = this.rows.filter((q) => !(q.project_id === p && q.resource === r))
  }
}

const setup = (profile: 'zed' | 'secure-rbac' = 'secure-rbac') => {
  const quotas = new MemoryQuotas()
  const deps: QuotaDeps = {
    quotas,
    projects: { exists: async (id) => Object.values(PROJECTS).includes(id as never) },
    policy: createPolicy({ defaults: profile }),
    defaults: { Cluster: 20, Node: undefined, VCPU: 64 },
    now: () => new Date('2026-02-01T00:00:00Z'),
  }
  return { deps, quotas }
}

const admin = principal('admin')
const demo = principal('demo')

describe('quotas', () => {
  it('creates, shows, updates and deletes a quota as an admin', async () => {
    const { deps } = setup()
    const q = await createQuota(deps, admin, {
      project_id: PROJECTS.demo,
      resource: 'Cluster',
      hard_limit: 3,
    })
    expect(q).toMatchObject({ id: 1, project_id: PROJECTS.demo, hard_limit: 3, updated_at: null })
    expect(await getQuota(deps, demo, PROJECTS.demo, 'Cluster')).toEqual({ stored: q })
    const updated = await updateQuota(deps, admin, PROJECTS.demo, 'Cluster', { hard_limit: 7 })
    expect(updated).toMatchObject({ id: 1, hard_limit: 7, updated_at: '2026-02-01T00:00:00.000Z' })
    await deleteQuota(deps, admin, PROJECTS.demo, 'Cluster')
    await expect(deleteQuota(deps, admin, PROJECTS.demo, 'Cluster')).rejects.toBeInstanceOf(
      NotFoundError
    )
  })

  it('refuses an unknown project (404), a duplicate (409) and an unknown resource (400)', async () => {
    const { deps } = setup()
    const create = (project_id: string, resource: QuotaResource = 'Node') =>
      createQuota(deps, admin, { project_id, resource, hard_limit: 1 })
    await expect(create('p-nowhere')).rejects.toThrow(
      new NotFoundError('Project p-nowhere could not be found.')
    )
    await create(PROJECTS.alt)
    await expect(create(PROJECTS.alt)).rejects.toBeInstanceOf(ConflictError)
    await expect(getQuota(deps, admin, PROJECTS.alt, 'Widget')).rejects.toBeInstanceOf(InvalidError)
    await expect(
      updateQuota(deps, admin, PROJECTS.alt, 'Cluster', { hard_limit: 2 })
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('shows the default when none is stored: the configured limit, or -1 for no limit', async () => {
    const { deps } = setup()
    expect(await getQuota(deps, demo, PROJECTS.demo, 'Cluster')).toEqual({
      stored: undefined,
      project_id: PROJECTS.demo,
      resource: 'Cluster',
      hard_limit: 20,
    })
    expect(await getQuota(deps, demo, PROJECTS.demo, 'Node')).toMatchObject({ hard_limit: -1 })
    expect(await getQuota(deps, demo, PROJECTS.demo, 'VCPU')).toMatchObject({ hard_limit: 64 })
  })

  it.each(['zed', 'secure-rbac'] as const)(
    'keeps writes and lists admin-only and other projects private (%s)',
    async (profile) => {
      const { deps } = setup(profile)
      const body = { project_id: PROJECTS.demo, resource: 'Cluster' as const, hard_limit: 1 }
      await expect(createQuota(deps, demo, body)).rejects.toThrow(
        "Policy doesn't allow quota:create to be performed."
      )
      await expect(listQuotas(deps, demo, { allTenants: false })).rejects.toBeInstanceOf(
        ForbiddenError
      )
      await expect(
        updateQuota(deps, demo, PROJECTS.demo, 'Cluster', { hard_limit: 9 })
      ).rejects.toBeInstanceOf(ForbiddenError)
      await expect(deleteQuota(deps, demo, PROJECTS.demo, 'Cluster')).rejects.toBeInstanceOf(
        ForbiddenError
      )
      await expect(getQuota(deps, demo, PROJECTS.alt, 'Cluster')).rejects.toThrow(
        new ForbiddenError('Not authorized.')
      )
      expect(await getQuota(deps, admin, PROJECTS.alt, 'Cluster')).toMatchObject({ hard_limit: 20 })
    }
  )

  it('lists only the admin’s own project unless all_tenants, paged by id', async () => {
    const { deps } = setup()
    for (const p of [PROJECTS.admin, PROJECTS.demo, PROJECTS.alt]) {
      await createQuota(deps, admin, { project_id: p, resource: 'Cluster', hard_limit: 2 })
      await createQuota(deps, admin, { project_id: p, resource: 'Node', hard_limit: 9 })
    }
    const own = await listQuotas(deps, admin, { allTenants: false })
    expect(own.items.map((q) => q.project_id)).toEqual([PROJECTS.admin, PROJECTS.admin])
    const first = await listQuotas(deps, admin, { allTenants: true, limit: '4' })
    expect(first.items.map((q) => q.id)).toEqual([1, 2, 3, 4])
    expect(first.next?.marker).toBe('4')
    const rest = await listQuotas(deps, admin, { allTenants: true, limit: '4', marker: '4' })
    expect(rest.items.map((q) => q.id)).toEqual([5, 6])
    expect(rest.next).toBeUndefined()
    await expect(listQuotas(deps, admin, { allTenants: true, marker: 'x' })).rejects.toBeInstanceOf(
      InvalidError
    )
    await expect(
      listQuotas(deps, admin, { allTenants: true, marker: '99' })
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('admits creates under the stored limits, each resource falling back to its default', async () => {
    const { deps, quotas } = setup()
    const source = storedQuotaSource(quotas, deps.defaults)
    expect(await source.limitsFor(PROJECTS.demo)).toEqual({
      maxClusters: 20,
      maxNodes: undefined,
      maxVcpus: 64,
    })
    await createQuota(deps, admin, {
      project_id: PROJECTS.demo,
      resource: 'Cluster',
      hard_limit: 3,
    })
    await createQuota(deps, admin, { project_id: PROJECTS.demo, resource: 'Node', hard_limit: 0 })
    expect(await source.limitsFor(PROJECTS.demo)).toEqual({
      maxClusters: 3,
      maxNodes: 0,
      maxVcpus: 64,
    })
  })
})
