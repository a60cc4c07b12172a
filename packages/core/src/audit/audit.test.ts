import { describe, expect, it } from 'vitest'
import { principal } from '../clusters/test-support'
import { ForbiddenError, InvalidError } from '../errors'
import { createPolicy } from '../policy'
import { apiAuditRecord, appendQuietly, resourceOfPath, workflowAuditRecord } from './events'
import type { AuditLog, AuditQuery } from './model'
import { listAudit } from './read'

const at = new Date('2026-01-02T03:04:05.678Z')
const id = () => 'e-1'

describe('audit records', () => {
  it('names what an API path is about', () => {
    expect(resourceOfPath('/v1/clusters/abc/actions/resize')).toEqual({
      resource: 'cluster',
      ident: 'abc',
    })
    expect(resourceOfPath('/v1/clusters/abc/nodegroups/ng1')).toEqual({
      resource: 'nodegroup',
      ident: 'ng1',
    })
    expect(resourceOfPath('/v1/quotas/p1/Cluster')).toEqual({
      resource: 'quota',
      ident: 'p1/Cluster',
    })
    expect(resourceOfPath('/clustertemplates')).toEqual({
      resource: 'clustertemplate',
      ident: undefined,
    })
  })

  it('records a mutating call as a CADF activity with Magnum’s event type and outcome', () => {
    const demo = principal('demo')
    const call = { method: 'POST', path: '/v1/clusters', requestId: 'req-1', principal: demo }
    expect(apiAuditRecord({ ...call, status: 202, createdId: 'c-1' }, at, id)).toEqual({
      id: 'e-1',
      typeURI: 'http://schemas.dmtf.org/cloud/audit/1.0/event',
      eventType: 'activity',
      event_type: 'magnum.cluster.create',
      action: 'create',
      outcome: 'pending',
      eventTime: '2026-01-02T03:04:05.678Z',
      project_id: demo.projectId,
      request_id: 'req-1',
      initiator: {
        typeURI: 'service/security/account/user',
        id: demo.userId,
        project_id: demo.projectId,
      },
      target: { typeURI: 'service/magnum/cluster', id: 'c-1' },
      observer: { typeURI: 'service/magnum/cluster', id: 'berth-api', name: 'berth-api' },
      http: { method: 'POST', path: '/v1/clusters', status: 202 },
    })
    const refused = apiAuditRecord(
      { ...call, status: 403, errorDetail: 'Resource limit exceeded' },
      at,
      id
    )
    expect(refused).toMatchObject({
      outcome: 'failure',
      reason: { reasonType: 'HTTP', reasonCode: '403' },
      detail: 'Resource limit exceeded',
      target: { id: 'unknown' },
    })
    const del = { ...call, method: 'DELETE', path: '/v1/clusters/web', status: 204 }
    expect(apiAuditRecord(del, at, id)).toMatchObject({
      event_type: 'magnum.cluster.delete',
      outcome: 'pending',
      target: { id: 'web' },
    })
    const quota = { ...call, method: 'DELETE', path: '/v1/quotas/p/Cluster', status: 204 }
    expect(apiAuditRecord(quota, at, id)?.outcome).toBe('success')
    expect(apiAuditRecord({ ...call, method: 'GET', status: 200 }, at, id)).toBeUndefined()
  })

  it('records a workflow’s end against the cluster’s project', () => {
    const r = workflowAuditRecord(
      {
        kind: 'cluster-create',
        operationId: 'op-1',
        cluster: { uuid: 'c-1', name: 'web', project_id: 'p', user_id: 'u' },
        outcome: 'failure',
        status: 'CREATE_FAILED',
        reason: 'No valid host',
      },
      at,
      id
    )
    expect(r).toMatchObject({
      event_type: 'magnum.cluster.create',
      outcome: 'failure',
      project_id: 'p',
      request_id: null,
      reason: { reasonType: 'status', reasonCode: 'CREATE_FAILED' },
      detail: 'No valid host',
      target: { id: 'c-1', name: 'web', project_id: 'p' },
      operation: { id: 'op-1', kind: 'cluster-create', status: 'CREATE_FAILED' },
    })
  })

  it('never lets a failing sink fail the caller', async () => {
    const warned: string[] = []
    const broken = { append: async () => Promise.reject(new Error('table down')) }
    const r = apiAuditRecord(
      {
        method: 'POST',
        path: '/v1/clusters',
        status: 202,
        requestId: 'r',
        principal: principal('demo'),
      },
      at,
      id
    )
    await appendQuietly(broken, r, (m) => warned.push(m))
    expect(warned).toEqual(['audit record not written'])
  })
})

describe('reading the audit trail', () => {
  const asked: AuditQuery[] = []
  const log: AuditLog = {
    append: async () => {},
    list: async (q) => {
      asked.push(q)
      return { records: [], next: undefined }
    },
  }
  const deps = { audit: log, policy: createPolicy({ defaults: 'secure-rbac' }) }

  it('scopes members to their project and lets admins read any or all', async () => {
    asked.length = 0
    await listAudit(deps, principal('demo'), { limit: '5' })
    await listAudit(deps, principal('admin'), {})
    await listAudit(deps, principal('admin'), { project_id: 'p-demo', since: '2026-01-01' })
    expect(asked).toEqual([
      { projectId: 'p-demo', limit: 5, marker: undefined, since: undefined, until: undefined },
      { projectId: undefined, limit: 1000, marker: undefined, since: undefined, until: undefined },
      {
        projectId: 'p-demo',
        limit: 1000,
        marker: undefined,
        since: '2026-01-01T00:00:00.000Z',
        until: undefined,
      },
    ])
    await expect(listAudit(deps, principal('demo'), { project_id: 'p-alt' })).rejects.toThrow(
      new ForbiddenError('Not authorized.')
    )
    await expect(listAudit(deps, principal('demo'), { marker: 'nope' })).rejects.toBeInstanceOf(
      InvalidError
    )
    await expect(listAudit(deps, principal('demo'), { limit: '0' })).rejects.toBeInstanceOf(
      InvalidError
    )
    const outsider = { ...principal('demo'), roles: [] }
    await expect(listAudit(deps, outsider, {})).rejects.toBeInstanceOf(ForbiddenError)
  })
})
