import { describe, expect, it } from 'vitest'
import {
  decodeGo,
  GoCluster,
  GoClusterTemplate,
  GoNodeGroupFull,
  goParsesTime,
} from './gophercloud-shapes'

/** The decoders must reject what Go's json.Unmarshal rejects, or the conformance test proves nothing. */

const cluster = {
  uuid: '746e779a-751a-456b-a3e9-c883d734946f',
  name: 'k8s',
  cluster_template_id: '0562d357-8641-4759-8fed-8173f02c9633',
  status: 'CREATE_COMPLETE',
  created_at: '2016-08-29T06:51:31+00:00',
  updated_at: null,
  labels: { kube_tag: 'v1.28.9' },
  node_count: 1,
  master_addresses: ['172.24.4.6'],
}

describe('gophercloud shapes', () => {
  it('take RFC 3339 times as Go does, and nothing else', () => {
    for (const ok of [
      '2016-08-29T06:51:31+00:00',
      '2016-08-29T06:51:31Z',
      '2024-02-29T23:59:59.123Z',
    ])
      expect(goParsesTime(ok), ok).toBe(true)
    for (const bad of [
      '2016-08-29T06:51:31', // no offset: Magnum's naive datetimes before it added +00:00
      '2016-08-29 06:51:31+00:00',
      '2016-08-29T06:51:31+0000',
      '2023-02-29T00:00:00Z',
      '2016-13-01T00:00:00Z',
      '2016-08-29T24:00:00Z',
    ])
      expect(goParsesTime(bad), bad).toBe(false)
  })

  it("accept Magnum's cluster shape, null and unknown fields included", () => {
    expect(decodeGo(GoCluster, { ...cluster, extra: 1 }, 'c').uuid).toBe(cluster.uuid)
  })

  it('reject a value of the wrong JSON type, as json.Unmarshal does', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['node_count', { node_count: '1' }],
      ['node_count', { node_count: 1.5 }],
      ['labels', { labels: { kube_tag: 1 } }],
      ['master_addresses', { master_addresses: '172.24.4.6' }],
      ['floating_ip_enabled', { floating_ip_enabled: 'true' }],
      ['created_at', { created_at: '2016-08-29T06:51:31' }],
      ['uuid', { uuid: undefined }],
    ]
    for (const [field, change] of cases) {
      expect(() => decodeGo(GoCluster, { ...cluster, ...change }, 'c'), field).toThrow(field)
    }
  })

  it('reject a template whose apiserver_port is a string (gophercloud has an int)', () => {
    const t = {
      uuid: 'u',
      name: 'n',
      coe: 'kubernetes',
      image_id: 'i',
      created_at: '2016-08-29T06:51:31+00:00',
    }
    expect(decodeGo(GoClusterTemplate, { ...t, apiserver_port: 6443 }, 't').apiserver_port).toBe(
      6443
    )
    expect(() => decodeGo(GoClusterTemplate, { ...t, apiserver_port: '6443' }, 't')).toThrow(
      'apiserver_port'
    )
  })

  it('reject a nodegroup without the created_at the provider formats, or a numeric version', () => {
    const ng = {
      uuid: 'u',
      name: 'n',
      node_count: 1,
      role: 'worker',
      is_default: false,
      status: 'CREATE_COMPLETE',
      created_at: '2016-08-29T06:51:31+00:00',
    }
    expect(decodeGo(GoNodeGroupFull, ng, 'ng').name).toBe('n')
    expect(() => decodeGo(GoNodeGroupFull, { ...ng, created_at: null }, 'ng')).toThrow('created_at')
    expect(() => decodeGo(GoNodeGroupFull, { ...ng, version: 3 }, 'ng')).toThrow('version')
  })
})
