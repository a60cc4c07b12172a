import { expect } from 'vitest'
import { api, type TestUser } from '../support/berth'

export interface ClusterView {
  uuid: string
  status: string
  status_reason: string | null
  api_address: string | null
  master_addresses: string[]
  node_addresses: string[]
  node_count: number
  cluster_template_id: string
  cluster_id?: string | null
  faults?: Record<string, string>
  health_status?: string | null
}

/** What a template takes from the development cloud's seed: its network, flavors, demo's keypair. */
export const SEEDED = {
  external_network_id: 'public',
  flavor_id: 'm1.small',
  master_flavor_id: 'm1.medium',
  keypair_id: 'demo-key',
}

/** A Kubernetes template on Fedora CoreOS over the seeded cloud, with `extra` on top. */
export const k8sTemplate = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  coe: 'kubernetes',
  image_id: 'fedora-coreos',
  ...SEEDED,
  ...extra,
})

export const createTemplate = async (
  user: TestUser,
  body: Record<string, unknown>
): Promise<string> => {
  const r = await api(user).post<{ uuid: string }>('/v1/clustertemplates', body)
  expect(r.status, r.text).toBe(201)
  return r.body.uuid
}

/** Creates `k8sTemplate(name, extra)` as `user`; returns its uuid. */
export const createK8sTemplate = (
  user: TestUser,
  name: string,
  extra: Record<string, unknown> = {}
) => createTemplate(user, k8sTemplate(name, extra))

export const createCluster = async (
  user: TestUser,
  body: Record<string, unknown>
): Promise<string> => {
  const r = await api(user).post<{ uuid: string }>('/v1/clusters', body)
  expect(r.status, r.text).toBe(202)
  return r.body.uuid
}

/** Polls the cluster until `done` holds; fails with its last state after `ms`. */
export const waitFor = async (
  user: TestUser,
  uuid: string,
  done: (c: ClusterView) => boolean,
  ms = 30_000
): Promise<ClusterView> => {
  const deadline = Date.now() + ms
  let last: ClusterView | undefined
  while (Date.now() < deadline) {
    const r = await api(user).get<ClusterView>(`/v1/clusters/${uuid}`)
    expect(r.status, r.text).toBe(200)
    last = r.body
    if (done(last)) return last
    await new Promise((res) => setTimeout(res, 50))
  }
  throw new Error(`cluster ${uuid} still ${last?.status} (${last?.status_reason}) after ${ms} ms`)
}

/** DELETE answers 204 at once; the record is gone once the workflow has torn everything down. */
export const deleteCluster = async (user: TestUser, uuid: string, ms = 30_000): Promise<void> => {
  const r = await api(user).delete(`/v1/clusters/${uuid}`)
  expect(r.status, r.text).toBe(204)
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const g = await api(user).get<ClusterView>(`/v1/clusters/${uuid}`)
    if (g.status === 404) return
    if (g.body.status === 'DELETE_FAILED') throw new Error(`delete failed: ${g.body.status_reason}`)
    await new Promise((res) => setTimeout(res, 50))
  }
  throw new Error(`cluster ${uuid} still exists after ${ms} ms`)
}
