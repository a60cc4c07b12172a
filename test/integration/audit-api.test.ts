import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ApiResponse, api, identity, type RunningBerth, startBerth } from '../support/berth'
import { addFault, clearFaults } from '../support/cloud'
import { expectError } from './clusters-harness'
import { createCluster, createTemplate, deleteCluster, waitFor } from './lifecycle-support'

interface AuditEvent {
  id: string
  typeURI: string
  eventType: string
  event_type: string
  action: string
  outcome: 'pending' | 'success' | 'failure'
  eventTime: string
  project_id: string
  request_id: string | null
  initiator: { typeURI: string; id: string; project_id?: string }
  target: { typeURI: string; id: string; name?: string }
  observer: { typeURI: string; id: string }
  reason?: { reasonType: string; reasonCode: string }
  detail?: string
  operation?: { id: string; kind: string; status: string }
}

interface AuditPage {
  events: AuditEvent[]
  next?: string
}

let berth: RunningBerth
let template: string
let demo: { projectId: string; userId: string }

/** Every record of the caller's project since `since`, following `next`. */
const trail = async (user: 'demo' | 'alt' | 'admin', since: string, extra = '') => {
  const out: AuditEvent[] = []
  let path: string | undefined = `/v1/audit?since=${encodeURIComponent(since)}&limit=3${extra}`
  while (path) {
    const r: ApiResponse<AuditPage> = await api(user).get<AuditPage>(path)
    expect(r.status, r.text).toBe(200)
    out.push(...r.body.events)
    path = r.body.next ? new URL(r.body.next).pathname + new URL(r.body.next).search : undefined
  }
  return out
}

beforeAll(async () => {
  berth = await startBerth()
  demo = await identity('demo')
  template = await createTemplate('demo', {
    name: 'audit-k8s',
    coe: 'kubernetes',
    image_id: 'fedora-coreos',
    external_network_id: 'public',
    flavor_id: 'm1.small',
    master_flavor_id: 'm1.medium',
    network_driver: 'flannel',
    labels: { kube_tag: 'v1.28.9' },
  })
})
afterEach(async () => {
  await clearFaults()
})
afterAll(async () => {
  await api('demo').delete(`/v1/clustertemplates/${template}`)
  await berth?.stop()
})

describe('Audit trail', () => {
  it('records every mutating call and every workflow end, CADF-shaped, newest first', async () => {
    const since = new Date().toISOString()
    const created = await api('demo').post<{ uuid: string }>('/v1/clusters', {
      name: 'audited',
      cluster_template_id: template,
    })
    expect(created.status, created.text).toBe(202)
    const uuid = created.body.uuid
    await waitFor('demo', uuid, (c) => c.status === 'CREATE_COMPLETE')
    await deleteCluster('demo', uuid)

    const events = await trail('demo', since)
    const times = events.map((e) => e.eventTime)
    expect(times).toEqual([...times].sort().reverse())
    const about = events.filter((e) => e.target.id === uuid).reverse()
    expect(about.map((e) => [e.event_type, e.outcome, e.observer.id])).toEqual([
      ['magnum.cluster.create', 'pending', 'berth-api'],
      ['magnum.cluster.create', 'success', 'berth-workflow'],
      ['magnum.cluster.delete', 'pending', 'berth-api'],
      ['magnum.cluster.delete', 'success', 'berth-workflow'],
    ])
    const [apiCreate, workflowCreate] = about
    expect(apiCreate).toMatchObject({
      typeURI: 'http://schemas.dmtf.org/cloud/audit/1.0/event',
      eventType: 'activity',
      action: 'create',
      project_id: demo.projectId,
      request_id: created.headers.get('X-OpenStack-Request-ID'),
      initiator: { typeURI: 'service/security/account/user', id: demo.userId },
      target: { typeURI: 'service/magnum/cluster', id: uuid },
    })
    expect(workflowCreate).toMatchObject({
      request_id: null,
      target: { name: 'audited', project_id: demo.projectId },
      operation: { kind: 'cluster-create', status: 'CREATE_COMPLETE' },
    })
  })

  it('records refusals and workflow failures with their reasons', async () => {
    const since = new Date().toISOString()
    const refused = await api('demo').post('/v1/clusters', { cluster_template_id: 'nope' })
    expect(refused.status).toBe(404)
    await addFault({ kind: 'no-valid-host' })
    const uuid = await createCluster('demo', { name: 'doomed', cluster_template_id: template })
    await waitFor('demo', uuid, (c) => c.status === 'CREATE_FAILED')
    const events = await trail('demo', since)
    const refusal = events.find((e) => e.outcome === 'failure' && e.observer.id === 'berth-api')
    expect(refusal).toMatchObject({
      event_type: 'magnum.cluster.create',
      reason: { reasonType: 'HTTP', reasonCode: '404' },
      detail: 'ClusterTemplate nope could not be found.',
    })
    const failure = events.find((e) => e.target.id === uuid && e.outcome === 'failure')
    expect(failure).toMatchObject({
      event_type: 'magnum.cluster.create',
      observer: { id: 'berth-workflow' },
      reason: { reasonType: 'status', reasonCode: 'CREATE_FAILED' },
    })
    expect(failure?.detail).toMatch(/valid host/i)
    await clearFaults()
    await deleteCluster('demo', uuid)
  })

  it('keeps each project’s trail to itself and lets admins read any or all', async () => {
    const since = new Date().toISOString()
    const altTemplate = await api('alt').post<{ uuid: string }>('/v1/clustertemplates', {
      name: 'alt-audit',
      coe: 'kubernetes',
      image_id: 'fedora-coreos',
      external_network_id: 'public',
    })
    expect(altTemplate.status, altTemplate.text).toBe(201)
    await api('alt').delete(`/v1/clustertemplates/${altTemplate.body.uuid}`)
    const alts = await trail('alt', since)
    expect(alts.map((e) => `${e.event_type}:${e.outcome}`)).toEqual([
      'magnum.clustertemplate.delete:success',
      'magnum.clustertemplate.create:success',
    ])
    const demos = await trail('demo', since)
    expect(demos.some((e) => e.target.id === altTemplate.body.uuid)).toBe(false)
    expectError(
      await api('demo').get(`/v1/audit?project_id=${alts[0]?.project_id}`),
      403,
      'Not authorized.'
    )
    const asAdmin = await trail('admin', since, `&project_id=${alts[0]?.project_id}`)
    expect(asAdmin.map((e) => e.id)).toEqual(alts.map((e) => e.id))
    const everyone = await trail('admin', since)
    expect(everyone.map((e) => e.id)).toEqual(expect.arrayContaining(alts.map((e) => e.id)))
    expect((await api().get('/v1/audit')).status).toBe(401)
    expect((await api('demo').get('/v1/audit?marker=garbage')).status).toBe(400)
  })

  it('exports the trail as JSON lines', async () => {
    const since = new Date(Date.now() - 3600_000).toISOString()
    const { token } = await identity('demo')
    const res = await fetch(
      `${berth.url}/v1/audit?format=jsonl&since=${encodeURIComponent(since)}`,
      { headers: { 'X-Auth-Token': token } }
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain('application/x-ndjson')
    const lines = (await res.text()).trim().split('\n')
    const records = lines.map((l) => JSON.parse(l) as AuditEvent)
    expect(records.length).toBeGreaterThanOrEqual(4)
    expect(records.every((r) => r.project_id === demo.projectId)).toBe(true)
    expect(records.map((r) => r.id)).toEqual((await trail('demo', since)).map((r) => r.id))
    expect((await api('demo').get('/v1/audit?format=xml')).status).toBe(400)
  })
})
