import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allClustersQuery,
  auditKey,
  clusterIndexKeys,
  clusterKey,
  clusterSk,
  clusterTemplateIndexKeys,
  clusterTemplateKey,
  escapeId,
  federationKey,
  type ItemKey,
  idempotencyKey,
  inClusterCollection,
  joinKey,
  nodeGroupKey,
  projectClustersQuery,
  projectClusterTemplatesQuery,
  quotaKey,
  serviceKey,
  splitKey,
  unescapeId,
  usageKey,
} from './keys'
import { BY_UUID_INDEX, COLLECTION_INDEX, MEMBERSHIP_INDEX } from './table'

// Ids biased towards the characters that could break a key: separators, escapes, labels.
const id = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('#', '%', '2', '3', '5', 'a', 'C'), maxLength: 8 }),
  fc.constantFrom('#', '%23', '%25', '%', 'a#b', 'CLUSTER', 'CLUSTERTEMPLATE#x', 'NODEGROUP#1')
)

type Item =
  | { type: 'template'; project: string; uuid: string }
  | { type: 'cluster'; project: string; uuid: string }
  | { type: 'nodegroup'; project: string; cluster: string; uuid: string }
  | { type: 'quota'; project: string; resource: string }
  | { type: 'idempotency'; project: string; key: string }
  | { type: 'audit'; project: string; at: string; uuid: string }
  | { type: 'usage'; project: string }
  | { type: 'federation'; project: string; uuid: string }
  | { type: 'service'; binary: string; host: string }

const itemOf = (id: fc.Arbitrary<string>): fc.Arbitrary<Item> =>
  fc.oneof(
    fc.record({ type: fc.constant('template' as const), project: id, uuid: id }),
    fc.record({ type: fc.constant('cluster' as const), project: id, uuid: id }),
    fc.record({ type: fc.constant('nodegroup' as const), project: id, cluster: id, uuid: id }),
    fc.record({ type: fc.constant('quota' as const), project: id, resource: id }),
    fc.record({ type: fc.constant('idempotency' as const), project: id, key: id }),
    fc.record({ type: fc.constant('audit' as const), project: id, at: id, uuid: id }),
    fc.record({ type: fc.constant('usage' as const), project: id }),
    fc.record({ type: fc.constant('federation' as const), project: id, uuid: id }),
    fc.record({ type: fc.constant('service' as const), binary: id, host: id })
  )
const item = itemOf(id)

// A tiny alphabet of dangerous ids, so that random items often share parts and a key scheme
// without escaping would collide within a few runs.
const tinyId = fc.constantFrom(
  'a',
  'b',
  '#',
  '',
  '%23',
  'a#b',
  'b#NODEGROUP#a',
  'NODEGROUP',
  'EVENT#a'
)

const keyOf = (i: Item): ItemKey => {
  switch (i.type) {
    case 'template':
      return clusterTemplateKey(i.project, i.uuid)
    case 'cluster':
      return clusterKey(i.project, i.uuid)
    case 'nodegroup':
      return nodeGroupKey(i.project, i.cluster, i.uuid)
    case 'quota':
      return quotaKey(i.project, i.resource)
    case 'idempotency':
      return idempotencyKey(i.project, i.key)
    case 'audit':
      return auditKey(i.project, i.at, i.uuid)
    case 'usage':
      return usageKey(i.project)
    case 'federation':
      return federationKey(i.project, i.uuid)
    case 'service':
      return serviceKey(i.binary, i.host)
  }
}

/** What each key must parse back into: its labels and raw ids, in order. */
const expectedParts = (i: Item): { pk: string[]; sk: string[] } => {
  if (i.type === 'service') return { pk: ['SERVICE'], sk: ['SERVICE', i.binary, i.host] }
  const pk = ['PROJECT', i.project]
  switch (i.type) {
    case 'template':
      return { pk, sk: ['CLUSTERTEMPLATE', i.uuid] }
    case 'cluster':
      return { pk, sk: ['CLUSTER', i.uuid] }
    case 'nodegroup':
      return { pk, sk: ['CLUSTER', i.cluster, 'NODEGROUP', i.uuid] }
    case 'quota':
      return { pk, sk: ['QUOTA', i.resource] }
    case 'idempotency':
      return { pk, sk: ['IDEMPOTENCY', i.key] }
    case 'audit':
      return { pk, sk: ['AUDIT', i.at, 'EVENT', i.uuid] }
    case 'usage':
      return { pk, sk: ['USAGE'] }
    case 'federation':
      return { pk, sk: ['FEDERATION', i.uuid] }
  }
}

const sameItem = (a: Item, b: Item) => JSON.stringify(a) === JSON.stringify(b)

describe('keys', () => {
  it('escapes ids so they carry no separator, and unescapes them exactly', () => {
    fc.assert(
      fc.property(id, (s) => {
        expect(escapeId(s)).not.toContain('#')
        expect(unescapeId(escapeId(s))).toBe(s)
      })
    )
  })

  it('splits every joined key back into its parts', () => {
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 5 }), (parts) => {
        expect(splitKey(joinKey(...parts))).toEqual(parts)
      })
    )
  })

  it('round-trips every item key into its labels and ids', () => {
    fc.assert(
      fc.property(item, (i) => {
        const key = keyOf(i)
        expect({ pk: splitKey(key.PK), sk: splitKey(key.SK) }).toEqual(expectedParts(i))
      })
    )
  })

  it('never gives two different items the same primary key, across types and projects', () => {
    fc.assert(
      fc.property(fc.array(itemOf(tinyId), { minLength: 2, maxLength: 40 }), (items) => {
        const byKey = new Map<string, Item>()
        for (const i of items) {
          const k = keyOf(i)
          const composite = `${k.PK}\u0000${k.SK}`
          const seen = byKey.get(composite)
          if (seen) expect(sameItem(seen, i)).toBe(true)
          byKey.set(composite, i)
        }
      }),
      { numRuns: 1000 }
    )
  })

  it('keeps apart hand-picked ids that look like keys', () => {
    // Without escaping these two would both be PROJECT#a / CLUSTER#b#NODEGROUP#c.
    expect(clusterKey('a', 'b#NODEGROUP#c')).not.toEqual(nodeGroupKey('a', 'b', 'c'))
    expect(clusterTemplateKey('p#CLUSTERTEMPLATE', 'x')).not.toEqual(
      clusterTemplateKey('p', 'CLUSTERTEMPLATE#x')
    )
  })

  it("lists a project's templates with a prefix that matches templates of that project only", () => {
    fc.assert(
      fc.property(id, item, (project, other) => {
        const q = projectClusterTemplatesQuery(project)
        const k = keyOf(other)
        const prefix = q.sortKey && 'beginsWith' in q.sortKey ? q.sortKey.beginsWith : '∅'
        const matched = k.PK === q.partitionKey && k.SK.startsWith(prefix)
        expect(matched).toBe(other.type === 'template' && other.project === project)
      }),
      { numRuns: 2000 }
    )
  })

  it('gives templates distinct index keys and puts only public ones in the public set', () => {
    const template = fc.record({ project: id, uuid: id, isPublic: fc.boolean() })
    fc.assert(
      fc.property(template, template, (a, b) => {
        const ia = clusterTemplateIndexKeys(a.project, a.uuid, a.isPublic)
        const ib = clusterTemplateIndexKeys(b.project, b.uuid, b.isPublic)
        const same = a.project === b.project && a.uuid === b.uuid
        const pair = (keys: Record<string, string>, index: typeof BY_UUID_INDEX) =>
          `${keys[index.partitionKey]}\u0000${keys[index.sortKey]}`
        expect(pair(ia, BY_UUID_INDEX) === pair(ib, BY_UUID_INDEX)).toBe(same)
        expect(ia[COLLECTION_INDEX.sortKey] === ib[COLLECTION_INDEX.sortKey]).toBe(
          a.uuid === b.uuid
        )
        expect(MEMBERSHIP_INDEX.partitionKey in ia).toBe(a.isPublic)
      })
    )
  })

  it("lists a project's clusters with a prefix that matches its clusters and nodegroups only", () => {
    fc.assert(
      fc.property(id, item, (project, other) => {
        const q = projectClustersQuery(project)
        const k = keyOf(other)
        const prefix = q.sortKey && 'beginsWith' in q.sortKey ? q.sortKey.beginsWith : '∅'
        const matched = k.PK === q.partitionKey && k.SK.startsWith(prefix)
        const isCluster = other.type === 'cluster' || other.type === 'nodegroup'
        expect(matched).toBe(isCluster && other.project === project)
      }),
      { numRuns: 2000 }
    )
  })

  it("keeps a cluster's item collection to that cluster, even when ids are prefixes of others", () => {
    fc.assert(
      fc.property(id, id, id, (cluster, other, nodegroup) => {
        expect(inClusterCollection(cluster, clusterSk(other))).toBe(cluster === other)
        expect(inClusterCollection(cluster, nodeGroupKey('p', other, nodegroup).SK)).toBe(
          cluster === other
        )
      })
    )
    expect(inClusterCollection('a', clusterSk('ab'))).toBe(false)
    expect(inClusterCollection('a', nodeGroupKey('p', 'ab', 'x').SK)).toBe(false)
  })

  it('finds a cluster on the status index under its own status only', () => {
    fc.assert(
      fc.property(id, id, id, id, (project, uuid, status, asked) => {
        const keys = clusterIndexKeys(project, uuid, status, 'template')
        const q = allClustersQuery(asked)
        const prefix = q.sortKey && 'beginsWith' in q.sortKey ? q.sortKey.beginsWith : '∅'
        expect(keys[COLLECTION_INDEX.partitionKey]).toBe(q.partitionKey)
        expect(keys[COLLECTION_INDEX.sortKey]?.startsWith(prefix)).toBe(status === asked)
        expect(allClustersQuery().sortKey).toBeUndefined()
      })
    )
  })
})
