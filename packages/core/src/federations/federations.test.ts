import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import type { StoredClusterTemplate } from '../cluster-templates/model'
import type { TenantScope } from '../cluster-templates/repository'
import { createFrom, type Fakes, principal, withTemplate } from '../clusters/test-support'
import {
  ConcurrentUpdateError,
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
} from '../errors'
import { createFederation } from './create'
import type { FederationDeps } from './deps'
import type { Federation, StoredFederation } from './model'
import { getFederation, listFederations } from './read'
import type { FederationRepository } from './repository'
import { deleteFederation, updateFederation } from './update'

class MemoryFederations implements FederationRepository {
  rows = new Map<string, StoredFederation>()
  private reaches = (s: TenantScope, f: StoredFederation) =>
    s.allProjects || f.project_id === s.projectId
  async get(s: TenantScope, uuid: string) {
    const f = this.rows.get(uuid)
    return f && this.reaches(s, f) ? structuredClone(f) : undefined
  }
  async list(s: TenantScope) {
    return [...this.rows.values()].filter((f) => this.reaches(s, f))
  }
  async create(f: Federation) {
    const stored = { ...f, version: 1 }
    this.rows.set(f.uuid, stored)
    return stored
  }
  async update(f: StoredFederation) {
    if (this.rows.get(f.uuid)?.version !== f.version) throw new ConcurrentUpdateError('F')
    const next = { ...f, version: f.version + 1 }
    this.rows.set(f.uuid, next)
    return next
  }
  async delete(f: StoredFederation) {
    if (!this.rows.delete(f.uuid)) throw new NotFoundError('gone')
  }
}

const demo = principal('demo')
const alt = principal('alt')
let deps: FederationDeps
let host: string
let member: string

const cluster = async (f: Fakes, who: 'demo' | 'alt', t: StoredClusterTemplate) =>
  (await createFrom(f.deps, t, { name: `c${randomUUID().slice(0, 4)}` }, principal(who))).cluster
    .uuid

beforeEach(async () => {
  const { f, t } = withTemplate({ public: true })
  host = await cluster(f, 'demo', t)
  member = await cluster(f, 'demo', t)
  await cluster(f, 'alt', t)
  deps = {
    federations: new MemoryFederations(),
    clusters: f.clusters,
    policy: f.deps.policy,
    now: () => new Date('2026-03-01T00:00:00Z'),
    newUuid: randomUUID,
  }
})

describe('federations', () => {
  it('records a federation with Magnum’s checks and answers it complete at once', async () => {
    await expect(
      createFederation(deps, demo, { properties: { 'dns-zone': 'x.' } })
    ).rejects.toThrow(
      new InvalidError('No hostcluster specified. Please specify a hostcluster_id.')
    )
    await expect(
      createFederation(deps, demo, {
        hostcluster_id: randomUUID(),
        properties: { 'dns-zone': 'x.' },
      })
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(createFederation(deps, demo, { hostcluster_id: host })).rejects.toThrow(
      "No DNS zone specified. Please specify a 'dns-zone'."
    )
    const f = await createFederation(deps, demo, {
      name: 'fed',
      hostcluster_id: host,
      properties: { 'dns-zone': 'example.com.' },
    })
    expect(f).toMatchObject({ name: 'fed', status: 'CREATE_COMPLETE', member_ids: [], version: 1 })
    expect(await getFederation(deps, demo, 'fed')).toEqual(f)
    const generated = await createFederation(deps, demo, {
      hostcluster_id: host,
      properties: { 'dns-zone': 'example.com.' },
    })
    expect(generated.name).toMatch(/^[a-z]+-\d+-federation$/)
  })

  it('joins and unjoins members, keeps properties valid, and refuses other changes', async () => {
    const f = await createFederation(deps, demo, {
      name: 'fed',
      hostcluster_id: host,
      properties: { 'dns-zone': 'example.com.' },
    })
    const joined = await updateFederation(deps, demo, 'fed', [
      { op: 'add', path: '/member_ids', value: member },
    ])
    expect(joined).toMatchObject({ member_ids: [member], status: 'UPDATE_COMPLETE' })
    await expect(
      updateFederation(deps, demo, f.uuid, [{ op: 'add', path: '/member_ids', value: member }])
    ).rejects.toBeInstanceOf(ConflictError)
    await expect(
      updateFederation(deps, demo, f.uuid, [
        { op: 'add', path: '/member_ids', value: randomUUID() },
      ])
    ).rejects.toBeInstanceOf(NotFoundError)
    const left = await updateFederation(deps, demo, f.uuid, [
      { op: 'remove', path: '/member_ids', value: member },
    ])
    expect(left.member_ids).toEqual([])
    const props = await updateFederation(deps, demo, f.uuid, [
      { op: 'add', path: '/properties/region', value: 'east' },
    ])
    expect(props.properties).toEqual({ 'dns-zone': 'example.com.', region: 'east' })
    await expect(
      updateFederation(deps, demo, f.uuid, [{ op: 'remove', path: '/properties/dns-zone' }])
    ).rejects.toThrow("No DNS zone specified. Please specify a 'dns-zone'.")
    await expect(
      updateFederation(deps, demo, f.uuid, [{ op: 'replace', path: '/name', value: 'other' }])
    ).rejects.toThrow('Updating name of a federation is not supported.')
    await expect(
      updateFederation(deps, demo, f.uuid, [{ op: 'replace', path: '/uuid', value: 'x' }])
    ).rejects.toBeInstanceOf(InvalidError)
    await deleteFederation(deps, demo, f.uuid)
    await expect(getFederation(deps, demo, f.uuid)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('keeps federations to their project', async () => {
    const f = await createFederation(deps, demo, {
      name: 'fed',
      hostcluster_id: host,
      properties: { 'dns-zone': 'example.com.' },
    })
    await expect(getFederation(deps, alt, f.uuid)).rejects.toBeInstanceOf(NotFoundError)
    expect((await listFederations(deps, alt, {}, false)).items).toEqual([])
    expect((await listFederations(deps, demo, {}, true)).items.map((x) => x.uuid)).toEqual([f.uuid])
    await expect(deleteFederation(deps, alt, f.uuid)).rejects.toBeInstanceOf(NotFoundError)
    // alt cannot host a federation on demo's cluster either.
    await expect(
      createFederation(deps, alt, { hostcluster_id: host, properties: { 'dns-zone': 'x.' } })
    ).rejects.toBeInstanceOf(NotFoundError)
    const reader = { ...alt, roles: ['reader'] }
    await expect(
      createFederation(deps, reader, { hostcluster_id: host, properties: { 'dns-zone': 'x.' } })
    ).rejects.toBeInstanceOf(ForbiddenError)
  })
})
