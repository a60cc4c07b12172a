import { describe, expect, it } from 'vitest'
import type { ClusterAggregate } from '../clusters/model'
import { createFrom, type Fakes, forceStatus, withTemplate } from '../clusters/test-support'
import { type HealthReport, kubernetesHealth, refreshClusterHealth } from './health'

const setup = async () => {
  const { f, t } = withTemplate()
  const make = async (name: string, labels?: Record<string, string>) =>
    (await createFrom(f.deps, t, { name, ...(labels ? { labels } : {}) })).cluster.uuid
  return { f, make }
}

const refresh = (f: Fakes, answer: (a: ClusterAggregate) => HealthReport | undefined) => {
  const asked: string[] = []
  return {
    asked,
    run: () =>
      refreshClusterHealth({
        clusters: f.clusters,
        templates: f.deps.templates,
        probe: {
          probe: async (a, coe) => {
            asked.push(`${a.cluster.name}:${coe}`)
            return answer(a)
          },
        },
        now: () => new Date(Date.UTC(2026, 0, 1)),
      }),
  }
}

const healthy = kubernetesHealth({ ok: true, body: 'ok' }, [{ name: 'w0', ready: 'True' }])

describe('refreshClusterHealth', () => {
  it('records what the COE says for running clusters with an API, and only changes', async () => {
    const { f, make } = await setup()
    const up = await make('up')
    const creating = await make('creating')
    forceStatus(f, up, 'CREATE_COMPLETE', { api_address: 'https://10.0.0.5:6443' })
    const job = refresh(f, () => healthy)
    expect(await job.run()).toEqual({ checked: 1, changed: 1 })
    expect(job.asked).toEqual(['up:kubernetes'])
    expect(f.clusters.clusters.get(up)).toMatchObject({
      health_status: 'HEALTHY',
      health_status_reason: { api: 'ok', 'w0.Ready': 'True' },
      status: 'CREATE_COMPLETE',
    })
    expect(f.clusters.clusters.get(creating)?.health_status).toBeNull()
    const version = f.clusters.clusters.get(up)?.version
    expect(await job.run()).toEqual({ checked: 1, changed: 0 })
    expect(f.clusters.clusters.get(up)?.version).toBe(version)
  })

  it('says UNKNOWN without asking when the cluster has no API address', async () => {
    const { f, make } = await setup()
    const uuid = await make('dark')
    forceStatus(f, uuid, 'UPDATE_COMPLETE', { api_address: null })
    const job = refresh(f, () => healthy)
    await job.run()
    expect(job.asked).toEqual([])
    expect(f.clusters.clusters.get(uuid)).toMatchObject({
      health_status: 'UNKNOWN',
      health_status_reason: { api: 'The cluster dark is not accessible.' },
    })
  })

  it('reads a failing healthz or a NotReady node as UNHEALTHY, never touching status', async () => {
    const { f, make } = await setup()
    const uuid = await make('sick')
    forceStatus(f, uuid, 'UPDATE_IN_PROGRESS', { api_address: 'https://10.0.0.6:6443' })
    const sick = kubernetesHealth({ ok: true, body: 'ok' }, [
      { name: 'w0', ready: 'True' },
      { name: 'w1', ready: 'False' },
    ])
    await refresh(f, () => sick).run()
    expect(f.clusters.clusters.get(uuid)).toMatchObject({
      status: 'UPDATE_IN_PROGRESS',
      health_status: 'UNHEALTHY',
      health_status_reason: { api: 'ok', 'w0.Ready': 'True', 'w1.Ready': 'False' },
    })
    expect(kubernetesHealth({ ok: false, body: '' }, []).status).toBe('UNHEALTHY')
  })

  it('leaves clusters whose health magnum-auto-healer reports, and COEs with no probe', async () => {
    const { f, make } = await setup()
    const healed = await make('healed', {
      auto_healing_enabled: 'true',
      auto_healing_controller: 'magnum-auto-healer',
    })
    const unprobed = await make('unprobed')
    for (const uuid of [healed, unprobed])
      forceStatus(f, uuid, 'CREATE_COMPLETE', { api_address: 'https://10.0.0.7:6443' })
    const job = refresh(f, () => undefined)
    expect(await job.run()).toEqual({ checked: 1, changed: 0 })
    expect(job.asked).toEqual(['unprobed:kubernetes'])
    for (const uuid of [healed, unprobed])
      expect(f.clusters.clusters.get(uuid)?.health_status).toBeNull()
  })
})
