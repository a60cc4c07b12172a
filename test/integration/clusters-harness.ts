import type { ClusterAggregate, ClusterStatus, StoredCluster } from '@berth/core/clusters'
import type { Orchestrator, WorkflowInput } from '@berth/core/ports/orchestrator'
import { serveFetch } from '@berth/local/http-server'
import { type Config, publicUrl } from '@berth/shared/config'
import { expect } from 'vitest'
import { createApp } from '../../functions/api/app'
import { type AppDeps, createDeps } from '../../functions/api/deps'
import { type ApiResponse, api, testEnv } from '../support/berth'
import { k8sTemplate } from './lifecycle-support'

/**
 * The real API (createDeps, createApp, DynamoDB Local, the development cloud's Keystone,
 * Glance, Nova and Neutron, the real credential issuer and secret box) on the port `api()`
 * calls, with one difference: workflows are recorded instead of run, so every assertion is
 * about what the API itself wrote. Finishing an operation is the test's job (`settle`).
 */
export interface ClusterApiHarness {
  deps: AppDeps
  starts: { name: string; input: WorkflowInput }[]
  /** While true, starting a workflow fails, as an unreachable Step Functions would. */
  failStarts: { on: boolean }
  /** What the store holds for a cluster (any project). */
  stored(uuid: string): Promise<ClusterAggregate | undefined>
  /** Moves a cluster to `status` with no operation, as a finished workflow leaves it. */
  settle(uuid: string, status: ClusterStatus, extra?: Partial<StoredCluster>): Promise<void>
  /** Removes what a test created: clusters (and their credentials) directly, templates through the API. */
  cleanUp(): Promise<void>
  track: { clusters: string[]; templates: { user: 'demo' | 'alt' | 'admin'; uuid: string }[] }
  stop(): Promise<void>
}

export const startClusterApi = async (
  overrides: Partial<Config> = {}
): Promise<ClusterApiHarness> => {
  const config: Config = { ...testEnv().config, ...overrides }
  const starts: ClusterApiHarness['starts'] = []
  const failStarts = { on: false }
  const orchestrator: Orchestrator = {
    start: async (name, input) => {
      if (failStarts.on) throw new Error('Step Functions is unreachable')
      starts.push({ name, input })
    },
    isRunning: async (name) => starts.some((s) => s.name === name),
  }
  const deps = await createDeps(config, { orchestrator })
  const served = await serveFetch(createApp(deps).fetch, {
    port: config.BERTH_PORT,
    host: config.BERTH_HOST,
  })
  expect(`http://${config.BERTH_HOST}:${served.port}`).toBe(publicUrl(config))
  const repo = deps.clusters.clusters
  const stored = (uuid: string) => repo.get({ projectId: '', allProjects: true }, uuid)
  const track: ClusterApiHarness['track'] = { clusters: [], templates: [] }

  const settle: ClusterApiHarness['settle'] = async (uuid, status, extra = {}) => {
    const a = await stored(uuid)
    if (!a) throw new Error(`no cluster ${uuid}`)
    await repo.save(
      { ...a.cluster, status, status_reason: null, operation: null, ...extra },
      a.nodegroups.map((n) => ({ ...n, status, status_reason: null })),
      undefined
    )
  }

  const cleanUp = async () => {
    for (const uuid of track.clusters.splice(0)) {
      const a = await stored(uuid)
      if (!a) continue
      await repo.delete(a)
      const cred = a.cluster.credential
      if (cred) await deps.clusters.credentials.revoke(cred.user_id, cred.id).catch(() => {})
    }
    for (const { user, uuid } of track.templates.splice(0)) {
      await api(user).delete(`/v1/clustertemplates/${uuid}`)
    }
  }

  return {
    deps,
    starts,
    failStarts,
    stored,
    settle,
    cleanUp,
    track,
    stop: async () => {
      await cleanUp()
      await served.close()
      await deps.close()
      // Let the client notice its keep-alive sockets closed before the next server takes the port.
      await new Promise((resolve) => setTimeout(resolve, 50))
    },
  }
}

export interface WireError {
  errors: { status: number; title: string; detail: string; code: string }[]
}

export const expectError = (r: ApiResponse, status: number, detail: string | RegExp) => {
  expect(r.status, r.text).toBe(status)
  const got = (r.body as WireError).errors[0]?.detail ?? ''
  if (typeof detail === 'string') expect(got).toBe(detail)
  else expect(got).toMatch(detail)
}

/** The OpenStack-API-Version header for one microversion. */
export const at = (version: string) => ({
  headers: { 'OpenStack-API-Version': `container-infra ${version}` },
})

/** Creates a template through the API and remembers it for clean-up. */
export const makeTemplate = async (
  h: ClusterApiHarness,
  user: 'demo' | 'alt' | 'admin',
  name: string,
  extra: Record<string, unknown> = {}
): Promise<string> => {
  const r = await api(user).post<{ uuid: string }>('/v1/clustertemplates', k8sTemplate(name, extra))
  expect(r.status, r.text).toBe(201)
  h.track.templates.push({ user, uuid: r.body.uuid })
  return r.body.uuid
}

/** Creates a cluster through the API (202) and remembers it for clean-up. */
export const makeCluster = async (
  h: ClusterApiHarness,
  user: 'demo' | 'alt' | 'admin',
  body: Record<string, unknown>,
  options: { headers?: Record<string, string> } = {}
): Promise<string> => {
  const r = await api(user).post<{ uuid: string }>('/v1/clusters', body, options)
  expect(r.status, r.text).toBe(202)
  h.track.clusters.push(r.body.uuid)
  return r.body.uuid
}
