import type { OperationKind } from '../clusters/model'
import type { Principal } from '../principal'
import { type AuditRecord, CADF_EVENT, type CadfResource, type Outcome } from './model'

const ACTIONS: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'update',
  DELETE: 'delete',
}

/** Collections whose DELETE answers 204 while a workflow carries on: the outcome is pending. */
const ASYNC_DELETES = new Set(['cluster', 'bay', 'nodegroup'])

const SINGULAR: Record<string, string> = {
  clustertemplates: 'clustertemplate',
  baymodels: 'baymodel',
  clusters: 'cluster',
  bays: 'bay',
  nodegroups: 'nodegroup',
  quotas: 'quota',
  certificates: 'certificate',
  federations: 'federation',
  credentials: 'credential',
}

/** What an API path is about: the resource type and, when the path names one, its ident. */
export const resourceOfPath = (path: string): { resource: string; ident: string | undefined } => {
  const parts = path.split('/').filter(Boolean)
  if (parts[0] === 'v1') parts.shift()
  const [collection = '', ident, sub, subIdent] = parts
  if (collection === 'clusters' && sub === 'nodegroups') {
    return { resource: 'nodegroup', ident: subIdent }
  }
  if (collection === 'quotas' && ident !== undefined) {
    return { resource: 'quota', ident: sub === undefined ? ident : `${ident}/${sub}` }
  }
  return { resource: SINGULAR[collection] ?? collection, ident }
}

export interface ApiCall {
  method: string
  path: string
  status: number
  requestId: string
  principal: Principal
  /** What the response named: a created uuid, a quota's id. */
  createdId?: string | undefined
  /** The error's detail, for a refused call. */
  errorDetail?: string | undefined
  /** Client address and agent, when the transport tells. */
  host?: { address?: string; agent?: string } | undefined
}

export const userInitiator = (p: Principal, host?: ApiCall['host']): CadfResource => ({
  typeURI: 'service/security/account/user',
  id: p.userId,
  ...(p.userName ? { name: p.userName } : {}),
  project_id: p.projectId,
  ...(host && (host.address || host.agent) ? { host } : {}),
})

const observer = (resource: string, id: string): CadfResource => ({
  typeURI: `service/magnum/${resource}`,
  id,
  name: id,
})

/** The outcome of a call: failed if refused, pending if it started a workflow, else success. */
export const outcomeOf = (method: string, status: number, resource: string): Outcome => {
  if (status >= 400) return 'failure'
  if (status === 202) return 'pending'
  if (method === 'DELETE' && ASYNC_DELETES.has(resource)) return 'pending'
  return 'success'
}

/**
 * The audit record of a mutating API call, or undefined for calls that change nothing (GET,
 * HEAD, OPTIONS). Failures are recorded too: a refused call is what an auditor looks for.
 */
export const apiAuditRecord = (
  call: ApiCall,
  at: Date,
  newId: () => string
): AuditRecord | undefined => {
  const action = ACTIONS[call.method.toUpperCase()]
  if (!action) return undefined
  const { resource, ident } = resourceOfPath(call.path)
  const outcome = outcomeOf(call.method.toUpperCase(), call.status, resource)
  const targetId = call.createdId ?? ident ?? 'unknown'
  return {
    id: newId(),
    typeURI: CADF_EVENT,
    eventType: 'activity',
    event_type: `magnum.${resource}.${action}`,
    action,
    outcome,
    eventTime: at.toISOString(),
    project_id: call.principal.projectId,
    request_id: call.requestId,
    initiator: userInitiator(call.principal, call.host),
    target: {
      typeURI: `service/magnum/${resource}`,
      id: targetId,
      ...(ident && ident !== targetId ? { name: ident } : {}),
    },
    observer: observer(resource, 'berth-api'),
    ...(outcome === 'failure'
      ? { reason: { reasonType: 'HTTP', reasonCode: String(call.status) } }
      : {}),
    ...(call.errorDetail ? { detail: call.errorDetail } : {}),
    http: { method: call.method.toUpperCase(), path: call.path, status: call.status },
  }
}

const WORKFLOW_EVENT: Record<OperationKind, [resource: string, action: string]> = {
  'cluster-create': ['cluster', 'create'],
  'cluster-update': ['cluster', 'update'],
  'cluster-upgrade': ['cluster', 'update'],
  'cluster-delete': ['cluster', 'delete'],
  'nodegroup-create': ['nodegroup', 'create'],
  'nodegroup-update': ['nodegroup', 'update'],
  'nodegroup-delete': ['nodegroup', 'delete'],
}

export interface WorkflowChange {
  kind: OperationKind
  operationId: string
  cluster: { uuid: string; name: string; project_id: string; user_id: string }
  nodegroup?: { uuid: string; name: string } | undefined
  outcome: Exclude<Outcome, 'pending'>
  /** The status the change left (CREATE_COMPLETE, DELETE_FAILED, DELETED …). */
  status: string
  reason?: string | null | undefined
}

/**
 * The audit record of a workflow's end, as Magnum's poller notifies *_COMPLETE and *_FAILED:
 * the initiator is the workflow acting for the cluster's owner, the target the cluster or
 * nodegroup, and the record belongs to the cluster's project.
 */
export const workflowAuditRecord = (
  change: WorkflowChange,
  at: Date,
  newId: () => string
): AuditRecord => {
  const [resource, action] = WORKFLOW_EVENT[change.kind]
  const c = change.cluster
  const target: CadfResource = change.nodegroup
    ? {
        typeURI: 'service/magnum/nodegroup',
        id: change.nodegroup.uuid,
        name: change.nodegroup.name,
        project_id: c.project_id,
      }
    : { typeURI: 'service/magnum/cluster', id: c.uuid, name: c.name, project_id: c.project_id }
  return {
    id: newId(),
    typeURI: CADF_EVENT,
    eventType: 'activity',
    event_type: `magnum.${resource}.${action}`,
    action,
    outcome: change.outcome,
    eventTime: at.toISOString(),
    project_id: c.project_id,
    request_id: null,
    initiator: {
      typeURI: 'service/magnum/workflow',
      id: 'berth-workflow',
      name: 'berth-workflow',
      project_id: c.project_id,
    },
    target,
    observer: observer(resource, 'berth-workflow'),
    ...(change.outcome === 'failure'
      ? { reason: { reasonType: 'status', reasonCode: change.status } }
      : {}),
    ...(change.reason ? { detail: change.reason } : {}),
    operation: { id: change.operationId, kind: change.kind, status: change.status },
  }
}

/**
 * Appends without ever failing the caller: an audit outage must not fail the operation it
 * records. The failure is reported instead, so it can be alerted on.
 */
export const appendQuietly = async (
  sink: { append(r: AuditRecord): Promise<void> } | undefined,
  record: AuditRecord | undefined,
  warn?: (message: string, details: Record<string, unknown>) => void
): Promise<void> => {
  if (!sink || !record) return
  try {
    await sink.append(record)
  } catch (e) {
    warn?.('audit record not written', {
      event_type: record.event_type,
      target: record.target.id,
      error: e instanceof Error ? e.message : String(e),
    })
  }
}
