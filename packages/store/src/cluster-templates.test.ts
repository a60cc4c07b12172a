import { randomUUID } from 'node:crypto'
import { isTransactionCanceled } from '@berth/aws/dynamodb'
import type { StoredClusterTemplate } from '@berth/core/cluster-templates/model'
import type { TenantScope } from '@berth/core/cluster-templates/repository'
import { ConcurrentUpdateError, ConflictError, TemplateReferencedError } from '@berth/core/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { templateRefDecrement, templateRefIncrement } from './cluster-template-refs'
import { DynamoClusterTemplateRepository } from './cluster-templates'
import { CorruptItemError } from './errors'
import { clusterTemplateKey } from './keys'
import { ensureTable } from './migrate'
import { MEMBERSHIP_INDEX } from './table'
import { operationsOf, startTestDynamo, type TestDynamo } from './test-dynamodb'

const TABLE = 'berth-templates'
let ddb: TestDynamo
let repo: DynamoClusterTemplateRepository

beforeAll(async () => {
  ddb = await startTestDynamo()
  await ensureTable(ddb.db, TABLE)
  // Two items per page: every list below crosses page boundaries.
  repo = new DynamoClusterTemplateRepository(ddb.db, TABLE, { queryPageSize: 2 })
}, 60_000)
afterAll(async () => {
  await ddb?.stop()
})

const own = (projectId: string): TenantScope => ({ projectId, allProjects: false })
const admin = (projectId: string): TenantScope => ({ projectId, allProjects: true })
const newProject = () => `project-${randomUUID()}`

let clock = 0
const template = (overrides: Partial<StoredClusterTemplate> = {}): StoredClusterTemplate => ({
  uuid: randomUUID(),
  name: 'k8s',
  project_id: 'unset',
  user_id: 'user-1',
  coe: 'kubernetes',
  image_id: 'fedora-coreos',
  cluster_distro: 'fedora-coreos',
  server_type: 'vm',
  flavor_id: 'm1.small',
  master_flavor_id: null,
  keypair_id: 'default',
  external_network_id: 'public',
  fixed_network: null,
  fixed_subnet: null,
  dns_nameserver: '8.8.8.8',
  network_driver: 'flannel',
  volume_driver: null,
  docker_storage_driver: null,
  docker_volume_size: 10,
  apiserver_port: null,
  http_proxy: null,
  https_proxy: null,
  no_proxy: null,
  registry_enabled: false,
  insecure_registry: null,
  tls_disabled: false,
  labels: { kube_tag: 'v1.30.1', 'a#b': '%23' },
  public: false,
  hidden: false,
  master_lb_enabled: true,
  floating_ip_enabled: true,
  tags: null,
  driver: null,
  created_at: new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)).toISOString(),
  updated_at: null,
  version: 1,
  ...overrides,
})

const created = async (overrides: Partial<StoredClusterTemplate>) => {
  const t = template(overrides)
  await repo.create(t)
  return t
}

const uuids = (ts: StoredClusterTemplate[]) => ts.map((t) => t.uuid)

const publicSet = async () => {
  const out = await ddb.db.query({
    TableName: TABLE,
    IndexName: MEMBERSHIP_INDEX.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': MEMBERSHIP_INDEX.partitionKey },
    ExpressionAttributeValues: { ':pk': 'PUBLIC#CLUSTERTEMPLATE' },
  })
  return (out.Items ?? []).map((i) => i.uuid)
}

const storedRefCount = async (t: StoredClusterTemplate) => {
  const out = await ddb.db.get({ TableName: TABLE, Key: clusterTemplateKey(t.project_id, t.uuid) })
  return out.Item?.refCount
}

describe('DynamoClusterTemplateRepository', { timeout: 30_000 }, () => {
  it('creates a template at version 1 and reads it back whole', async () => {
    const p = newProject()
    const t = template({ project_id: p, version: 7 })

    await repo.create(t)

    expect(await repo.getByUuid(own(p), t.uuid)).toEqual({ ...t, version: 1 })
    expect(await storedRefCount(t)).toBe(0)
  })

  it('refuses a second template with the same uuid, in the same or another project', async () => {
    const t = await created({ project_id: newProject() })
    await expect(repo.create({ ...t, name: 'again' })).rejects.toBeInstanceOf(ConflictError)
    await expect(repo.create({ ...t, project_id: newProject() })).rejects.toBeInstanceOf(
      ConflictError
    )
  })

  it("lists a project's own templates completely, plus public ones, never others' private ones", async () => {
    const mine = newProject()
    const theirs = newProject()
    const ownTemplates = []
    for (let i = 0; i < 5; i++) ownTemplates.push(await created({ project_id: mine }))
    const theirPublic = await created({ project_id: theirs, public: true })
    const theirPrivate = await created({ project_id: theirs })

    const listed = uuids(await repo.listCandidates(own(mine)))

    expect(listed).toEqual(expect.arrayContaining([...uuids(ownTemplates), theirPublic.uuid]))
    expect(listed).not.toContain(theirPrivate.uuid)
    expect(new Set(listed).size).toBe(listed.length)
  })

  it('keeps another tenant away from a private template', async () => {
    const owner = newProject()
    const other = newProject()
    const secret = await created({ project_id: owner })

    expect(await repo.getByUuid(own(other), secret.uuid)).toBeUndefined()
    expect(uuids(await repo.listCandidates(own(other)))).not.toContain(secret.uuid)
    expect(await repo.getByUuid(own(owner), secret.uuid)).toMatchObject({ uuid: secret.uuid })
  })

  it('lets any tenant read a public template of another project', async () => {
    const shared = await created({ project_id: newProject(), public: true })
    expect(await repo.getByUuid(own(newProject()), shared.uuid)).toMatchObject({
      uuid: shared.uuid,
      public: true,
    })
  })

  it('gives an all-projects scope every template of every project', async () => {
    const a = await created({ project_id: newProject() })
    const b = await created({ project_id: newProject(), hidden: true })
    const scope = admin(newProject())

    expect(uuids(await repo.listCandidates(scope))).toEqual(
      expect.arrayContaining([a.uuid, b.uuid])
    )
    expect(await repo.getByUuid(scope, a.uuid)).toMatchObject({ uuid: a.uuid })
  })

  it('returns hidden templates as candidates: hiding is the core’s filter', async () => {
    const p = newProject()
    const hidden = await created({ project_id: p, hidden: true })
    const hiddenPublic = await created({ project_id: newProject(), hidden: true, public: true })

    const listed = uuids(await repo.listCandidates(own(p)))

    expect(listed).toEqual(expect.arrayContaining([hidden.uuid, hiddenPublic.uuid]))
    expect(await repo.getByUuid(own(p), hidden.uuid)).toMatchObject({ hidden: true })
  })

  it('updates from the current version, returning the next one, and keeps the reference count', async () => {
    const t = await created({ project_id: newProject() })
    await ddb.db.transactWrite({
      TransactItems: [templateRefIncrement(TABLE, { projectId: t.project_id, uuid: t.uuid })],
    })

    const updated = await repo.update({
      ...t,
      name: 'renamed',
      labels: {},
      updated_at: t.created_at,
    })

    expect(updated).toMatchObject({ name: 'renamed', labels: {}, version: 2 })
    expect(await repo.getByUuid(own(t.project_id), t.uuid)).toEqual(updated)
    expect(await storedRefCount(t)).toBe(1)
    await expect(repo.update({ ...t, name: 'stale' })).rejects.toBeInstanceOf(ConcurrentUpdateError)
  })

  it('lets exactly one of two updates from the same version win', async () => {
    const t = await created({ project_id: newProject() })

    const results = await Promise.allSettled([
      repo.update({ ...t, name: 'first' }),
      repo.update({ ...t, name: 'second' }),
    ])

    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r) => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect(lost[0]?.status === 'rejected' && lost[0].reason).toBeInstanceOf(ConcurrentUpdateError)
    const stored = await repo.getByUuid(own(t.project_id), t.uuid)
    expect(stored?.version).toBe(2)
    expect(won[0]?.status === 'fulfilled' && won[0].value).toEqual(stored)
  })

  it('moves a template into and out of the public set when its flag flips', async () => {
    const owner = newProject()
    const stranger = own(newProject())
    const t = await created({ project_id: owner })
    expect(await publicSet()).not.toContain(t.uuid)

    const opened = await repo.update({ ...t, public: true })
    expect(await publicSet()).toContain(t.uuid)
    expect(await repo.getByUuid(stranger, t.uuid)).toMatchObject({ public: true })
    expect(uuids(await repo.listCandidates(stranger))).toContain(t.uuid)

    await repo.update({ ...opened, public: false })
    expect(await publicSet()).not.toContain(t.uuid)
    expect(await repo.getByUuid(stranger, t.uuid)).toBeUndefined()
    expect(uuids(await repo.listCandidates(stranger))).not.toContain(t.uuid)
    expect(uuids(await repo.listCandidates(own(owner)))).toContain(t.uuid)
  })

  it('refuses to delete a referenced template, then deletes it once unreferenced', async () => {
    const t = await created({ project_id: newProject() })
    const ref = { projectId: t.project_id, uuid: t.uuid }
    await ddb.db.transactWrite({ TransactItems: [templateRefIncrement(TABLE, ref)] })
    expect(await repo.referenceCount(t.uuid)).toBe(1)

    await expect(repo.delete(t)).rejects.toBeInstanceOf(TemplateReferencedError)
    await expect(repo.delete({ ...t, version: 9 })).rejects.toBeInstanceOf(ConcurrentUpdateError)

    await ddb.db.transactWrite({ TransactItems: [templateRefDecrement(TABLE, ref)] })
    expect(await repo.referenceCount(t.uuid)).toBe(0)
    await repo.delete(t)
    expect(await repo.getByUuid(own(t.project_id), t.uuid)).toBeUndefined()
    await expect(repo.delete(t)).rejects.toBeInstanceOf(ConcurrentUpdateError)
  })

  it('fails a cluster transaction that references a missing template or over-decrements', async () => {
    const t = await created({ project_id: newProject() })
    const marker = { PK: `TEST#${randomUUID()}`, SK: 'CLUSTER' }
    const missing = templateRefIncrement(TABLE, { projectId: t.project_id, uuid: randomUUID() })

    const attempt = ddb.db.transactWrite({
      TransactItems: [{ Put: { TableName: TABLE, Item: marker } }, missing],
    })
    await expect(attempt).rejects.toSatisfy(isTransactionCanceled)
    const marked = await ddb.db.get({ TableName: TABLE, Key: marker })
    expect(marked.Item).toBeUndefined()

    const under = templateRefDecrement(TABLE, { projectId: t.project_id, uuid: t.uuid })
    await expect(ddb.db.transactWrite({ TransactItems: [under] })).rejects.toSatisfy(
      isTransactionCanceled
    )
    expect(await storedRefCount(t)).toBe(0)
  })

  it('fails loudly on a corrupt item instead of returning it', async () => {
    const p = newProject()
    const t = template({ project_id: p })
    await ddb.db.put({
      TableName: TABLE,
      Item: { ...clusterTemplateKey(p, t.uuid), entityType: 'ClusterTemplate', ...t, coe: 'k3s' },
    })
    await expect(repo.getByUuid(own(p), t.uuid)).rejects.toBeInstanceOf(CorruptItemError)
  })

  it('reads only with Get and Query, never Scan', async () => {
    const p = newProject()
    const t = await created({ project_id: p, public: true })
    const sent = await operationsOf(ddb.db, async () => {
      await repo.listCandidates(own(p))
      await repo.listCandidates(admin(p))
      await repo.getByUuid(own(newProject()), t.uuid)
      await repo.getByUuid(admin(newProject()), t.uuid)
      await repo.referenceCount(t.uuid)
    })
    expect([...new Set(sent)].sort()).toEqual(['GetItem', 'Query'])
  })
})
