import { ClusterStatus } from '@berth/core/clusters'
import { createDynamoClient, DynamoClusterRepository } from '@berth/store'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { api, type RunningBerth, startBerth, testEnv } from '../support/berth'
import {
  addFault,
  clearFaults,
  cloudInventory,
  resourcesInProgress,
  stackEvents,
} from '../support/cloud'
import {
  type ClusterView,
  createCluster,
  createK8sTemplate,
  deleteCluster,
  waitFor,
} from './lifecycle-support'

/**
 * The ways a cluster operation goes wrong, each ending in a terminal state with the real
 * reason, and a delete that then leaves nothing behind.
 */
let berth: RunningBerth
let template: string
let before: Record<string, string[]>
const repo = () => {
  const db = createDynamoClient({ endpoint: testEnv().dynamodbEndpoint, region: 'us-east-1' })
  return new DynamoClusterRepository(db, testEnv().config.BERTH_TABLE_NAME)
}

beforeAll(async () => {
  berth = await startBerth({ BERTH_RECONCILE_GRACE_SECONDS: 0, BERTH_PROGRESS_REPORT_SECONDS: 1 })
  template = await createK8sTemplate('demo', 'failures-k8s')
  before = await cloudInventory('demo')
})
afterEach(async () => {
  await clearFaults()
})
afterAll(async () => {
  await api('demo').delete(`/v1/clustertemplates/${template}`)
  await berth?.stop()
})

const ALL_PROJECTS = { projectId: '', allProjects: true }

/** Time passes: the cluster's operation is past its deadline (it must be in `status`). */
const passDeadline = async (uuid: string, status: ClusterStatus) => {
  const store = repo()
  const a = await store.get(ALL_PROJECTS, uuid)
  if (!a?.cluster.operation) throw new Error('no operation recorded')
  const deadline_at = new Date(Date.now() - 1000).toISOString()
  await store.save(
    { ...a.cluster, operation: { ...a.cluster.operation, deadline_at } },
    [],
    [status]
  )
}

const stuck = () => addFault({ kind: 'stuck-stack', stackName: '.*', actions: ['CREATE'] })

describe('Lifecycle failures', () => {
  it('records Heat’s own failure (Nova: no valid host) and deletes cleanly', async () => {
    await addFault({ kind: 'no-valid-host' })
    const uuid = await createCluster('demo', { name: 'novalid', cluster_template_id: template })
    const c = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    expect(c.status).toBe('CREATE_FAILED')
    expect(c.status_reason).toContain('No valid host')
    expect(Object.values(c.faults ?? {}).join(' ')).toContain('No valid host')
    await clearFaults()
    await deleteCluster('demo', uuid)
    expect(await cloudInventory('demo')).toEqual(before)
  })

  it('enforces create_timeout in the state machine even when Heat never finishes', async () => {
    await stuck()
    const uuid = await createCluster('demo', {
      name: 'hangs',
      cluster_template_id: template,
      create_timeout: 5,
    })
    await waitFor('demo', uuid, (x) => x.cluster_id !== null && x.cluster_id !== undefined)
    // Five minutes pass.
    await passDeadline(uuid, ClusterStatus.CreateInProgress)
    const c = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    expect(c.status).toBe('CREATE_FAILED')
    expect(c.status_reason).toMatch(/^Timed out after 5 minutes: .* is CREATE_IN_PROGRESS\.$/)
    await clearFaults()
    await deleteCluster('demo', uuid)
    expect(await cloudInventory('demo')).toEqual(before)
  })

  it('fails a delete whose cloud never finishes one resource, naming that resource', async () => {
    // As on the lab: Neutron never answers Heat's delete of the cluster's router.
    const uuid = await createCluster('demo', { name: 'hung-router', cluster_template_id: template })
    await waitFor('demo', uuid, (x) => x.status === 'CREATE_COMPLETE')
    await addFault({
      kind: 'stuck-stack',
      stackName: '.*',
      actions: ['DELETE'],
      resource: 'router',
    })
    expect((await api('demo').delete(`/v1/clusters/${uuid}`)).status).toBe(204)
    // Once Heat is left with the router alone, the delete's deadline passes.
    await vi.waitFor(async () => {
      const a = await repo().get(ALL_PROJECTS, uuid)
      expect(a?.cluster.operation?.kind).toBe('cluster-delete')
      expect(await resourcesInProgress('demo', a?.cluster.stack_id as string)).toEqual([
        'router DELETE_IN_PROGRESS',
      ])
    })
    // While it waits, the cluster says on what (here after a second; by default ten minutes).
    const waiting = await waitFor('demo', uuid, (x) => /router/.test(x.status_reason ?? ''))
    expect(waiting).toMatchObject({ status: 'DELETE_IN_PROGRESS' })
    expect(waiting.status_reason).toMatch(
      /^Still in progress after \d+ seconds: \S+ is DELETE_IN_PROGRESS, waiting on router \(OS::Neutron::Router\) DELETE_IN_PROGRESS\.$/
    )
    await passDeadline(uuid, ClusterStatus.DeleteInProgress)
    const c = await waitFor('demo', uuid, (x) => x.status !== 'DELETE_IN_PROGRESS')
    expect(c.status).toBe('DELETE_FAILED')
    expect(c.status_reason).toMatch(
      /^Timed out after \d+ minutes: \S+ is DELETE_IN_PROGRESS, waiting on router \(OS::Neutron::Router\) DELETE_IN_PROGRESS\.$/
    )
    await clearFaults()
    await deleteCluster('demo', uuid)
    expect(await cloudInventory('demo')).toEqual(before)
  })

  it('fails with the cloud’s error when Keystone goes down mid-flow, after retries', async () => {
    await stuck()
    const uuid = await createCluster('demo', {
      name: 'keystone-down',
      cluster_template_id: template,
    })
    await waitFor('demo', uuid, (x) => !!x.cluster_id)
    await addFault({ kind: 'cloud-down' })
    const c = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    expect(c.status).toBe('CREATE_FAILED')
    expect(c.status_reason).toMatch(/503|unavailable/i)
    await clearFaults()
    await deleteCluster('demo', uuid)
    expect(await cloudInventory('demo')).toEqual(before)
  })

  it('resumes a workflow cut off by a crash, without a second stack', async () => {
    await stuck()
    const uuid = await createCluster('demo', { name: 'crash', cluster_template_id: template })
    const first = await waitFor('demo', uuid, (x) => !!x.cluster_id)
    // The process dies: every execution stops where it is.
    await berth.stop()
    await clearFaults()
    berth = await startBerth({ BERTH_RECONCILE_GRACE_SECONDS: 0 })
    expect((await api('demo').get<ClusterView>(`/v1/clusters/${uuid}`)).body.status).toBe(
      'CREATE_IN_PROGRESS'
    )
    const report = await berth.reconcile()
    expect(report.resumed).toContain(uuid)
    const c = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    expect(c.status, c.status_reason ?? '').toBe('CREATE_COMPLETE')
    expect(c.cluster_id).toBe(first.cluster_id)
    await deleteCluster('demo', uuid)
    expect(await cloudInventory('demo')).toEqual(before)
  })

  it('resumes a delete cut off by a crash without cancelling the delete Heat has under way', async () => {
    const uuid = await createCluster('demo', {
      name: 'crash-delete',
      cluster_template_id: template,
    })
    const created = await waitFor('demo', uuid, (x) => x.status !== 'CREATE_IN_PROGRESS')
    const stackId = created.cluster_id as string
    await addFault({ kind: 'stuck-stack', stackName: '.*', actions: ['DELETE'] })
    expect((await api('demo').delete(`/v1/clusters/${uuid}`)).status).toBe(204)
    await vi.waitFor(async () =>
      expect(await stackEvents('demo', stackId)).toContain(
        'DELETE_IN_PROGRESS: Stack DELETE started'
      )
    )
    // The process dies while Heat is deleting; a new one resumes the delete workflow.
    await berth.stop()
    berth = await startBerth({ BERTH_RECONCILE_GRACE_SECONDS: 0 })
    expect((await berth.reconcile()).resumed).toContain(uuid)
    // The resumed workflow reaches its delete step and polls within milliseconds; a second
    // DELETE would show as Heat's cancelled event well within this second.
    await new Promise((ok) => setTimeout(ok, 1000))
    expect((await api('demo').get<ClusterView>(`/v1/clusters/${uuid}`)).body.status).toBe(
      'DELETE_IN_PROGRESS'
    )
    const events = await stackEvents('demo', stackId)
    expect(events.filter((e) => e.startsWith('DELETE_'))).toEqual([
      'DELETE_IN_PROGRESS: Stack DELETE started',
    ])
    await clearFaults()
    await vi.waitFor(
      async () => expect((await api('demo').get(`/v1/clusters/${uuid}`)).status).toBe(404),
      { timeout: 30_000, interval: 100 }
    )
    expect(await cloudInventory('demo')).toEqual(before)
  })

  it('refuses a create while Keystone is down without leaving a record behind', async () => {
    await addFault({ kind: 'cloud-down' })
    const r = await api('demo').post<{ uuid: string }>('/v1/clusters', {
      name: 'never',
      cluster_template_id: template,
    })
    // Keystone is down at request time too: issuing the cluster's credential fails cleanly.
    expect(r.status).toBeGreaterThanOrEqual(500)
    await clearFaults()
    const list = await api('demo').get<{ clusters: ClusterView[] }>('/v1/clusters')
    expect(list.body.clusters.filter((x) => x.status === 'CREATE_IN_PROGRESS')).toEqual([])
  })
})
