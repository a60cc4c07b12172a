import type { Context } from 'hono'
import { type DevCloud, SERVICE_PREFIXES } from '../../context'
import { secondsTime } from '../../time'
import { displayParameter } from '../engine/parameters'
import type { HeatEvent, HeatResource, Stack } from '../model'
import { compile } from '../stack/compile'
import { resolveOutputs } from '../stack/outputs'
import { rootOf, stackById } from '../stack/runtime'

const time = (iso: string | null) => (iso === null ? null : secondsTime(iso))

export const tenantUrl = (cloud: DevCloud, projectId: string) =>
  `${cloud.config.baseUrl()}${SERVICE_PREFIXES.orchestration}/v1/${projectId}`

export const stackUrl = (cloud: DevCloud, s: Stack) =>
  `${tenantUrl(cloud, s.projectId)}/stacks/${s.name}/${s.id}`

const parentId = (s: Stack) => s.parentId

/** A stack as GET /stacks lists it (no outputs; description is not loaded there). */
export const renderStackSummary = (cloud: DevCloud, s: Stack) => ({
  id: s.id,
  links: [{ href: stackUrl(cloud, s), rel: 'self' }],
  stack_name: s.name,
  description: '',
  stack_status: `${s.action}_${s.status}`,
  stack_status_reason: s.reason,
  creation_time: time(s.createdAt),
  updated_time: time(s.updatedAt),
  deletion_time: time(s.deletedAt),
  stack_owner: s.ownerName,
  parent: parentId(s),
  stack_user_project_id: s.stackUserProjectId,
  tags: s.tags !== null && s.tags.length > 0 ? s.tags : null,
})

/** Parameters as Heat shows them: strings, hidden ones masked, plus the pseudo parameters. */
const parameters = (s: Stack) => {
  const compiled = compile(s)
  const shown: Record<string, string> = {
    'OS::stack_id': s.id,
    'OS::project_id': s.projectId,
    'OS::stack_name': s.name,
  }
  for (const schema of compiled.schemas)
    shown[schema.name] = displayParameter(schema, compiled.params[schema.name])
  return shown
}

/** GET /stacks/{name}/{id}: everything, outputs resolved unless asked not to. */
export const renderStack = (cloud: DevCloud, s: Stack, options: { outputs: boolean }) => {
  const description = compile(s).template.description ?? 'No description'
  const body: Record<string, unknown> = {
    stack_name: s.name,
    id: s.id,
    links: [{ href: stackUrl(cloud, s), rel: 'self' }],
    creation_time: time(s.createdAt),
    updated_time: time(s.updatedAt),
    deletion_time: time(s.deletedAt),
    notification_topics: [],
    parameters: parameters(s),
    description,
    template_description: description,
    capabilities: [],
    disable_rollback: s.disableRollback,
    timeout_mins: s.timeoutMins,
    stack_owner: s.ownerName,
    parent: s.parentId,
    stack_user_project_id: s.stackUserProjectId,
    tags: s.tags ?? [],
    stack_status: `${s.action}_${s.status}`,
    stack_status_reason: s.reason,
  }
  if (options.outputs && s.deletedAt === null) body.outputs = renderOutputs(cloud, s, true)
  return body
}

export const renderOutputs = (cloud: DevCloud, s: Stack, withValues: boolean) =>
  resolveOutputs(cloud, s, cloud.now()).map((o) => ({
    output_key: o.key,
    description: o.description,
    ...(withValues && o.error !== undefined ? { output_error: o.error } : {}),
    ...(withValues ? { output_value: o.value } : {}),
  }))

/** Resources of a stack that require `name` (Heat's required_by). */
const requiredBy = (s: Stack, name: string) =>
  s.resources.filter((r) => r.requires.includes(name)).map((r) => r.name)

export const renderResource = (
  cloud: DevCloud,
  s: Stack,
  r: HeatResource,
  options: { nested: boolean }
) => {
  const url = stackUrl(cloud, s)
  const child = stackById(cloud, r.nestedStackId)
  const links = [
    { href: `${url}/resources/${r.name}`, rel: 'self' },
    { href: url, rel: 'stack' },
    ...(child ? [{ href: stackUrl(cloud, child), rel: 'nested' }] : []),
  ]
  return {
    updated_time: time(r.updatedAt),
    creation_time: time(r.createdAt),
    logical_resource_id: r.name,
    resource_name: r.name,
    physical_resource_id: r.physicalId,
    resource_status: `${r.action}_${r.status}`,
    resource_status_reason: r.reason,
    resource_type: r.type,
    links,
    required_by: requiredBy(s, r.name),
    ...(options.nested && s.parentResource !== null ? { parent_resource: s.parentResource } : {}),
  }
}

export const renderEvent = (
  cloud: DevCloud,
  s: Stack,
  e: HeatEvent,
  options: { root: boolean }
) => {
  const url = stackUrl(cloud, s)
  const links = [
    { href: `${url}/resources/${e.resourceName}/events/${e.id}`, rel: 'self' },
    { href: `${url}/resources/${e.resourceName}`, rel: 'resource' },
    { href: url, rel: 'stack' },
    ...(options.root ? [{ href: stackUrl(cloud, rootOf(cloud, s)), rel: 'root_stack' }] : []),
  ]
  return {
    id: e.id,
    links,
    event_time: time(e.at),
    logical_resource_id: e.resourceName,
    resource_name: e.resourceName,
    physical_resource_id: e.physicalId,
    resource_status: e.status,
    resource_status_reason: e.reason,
  }
}

const WEBOB: Record<number, [string, string]> = {
  202: ['Accepted', 'The request is accepted for processing.<br /><br />\n\n\n'],
  302: ['Found', ''],
}

/** WebOb's small HTML pages, which Heat answers 202 and 302 with. */
export const webobPage = (status: 202 | 302, location?: string) => {
  const [title, detail] = webobText(status, location)
  return `<html>\n <head>\n  <title>${status} ${title}</title>\n </head>\n <body>\n  <h1>${status} ${title}</h1>\n  ${detail}\n </body>\n</html>`
}

const webobText = (status: 202 | 302, location?: string): [string, string] => {
  const [title, text] = WEBOB[status] as [string, string]
  const detail =
    status === 302
      ? `The resource was found at <a href="${location}">${location}</a>;\nyou should be redirected automatically.\n\n`
      : text
  return [title, detail]
}

/**
 * The same page as WebOb renders it for a client asking for JSON (heatclient, Berth): the text
 * as `message`, the status line as `code`.
 */
export const webobJson = (status: 202 | 302, location?: string) => {
  const [title, message] = webobText(status, location)
  return { message, code: `${status} ${title}`, title }
}

/** WebOb picks JSON or HTML by the request's Accept header. */
export const webobResponse = (c: Context, status: 202 | 302, location?: string) =>
  (c.req.header('Accept') ?? '').includes('application/json')
    ? c.json(webobJson(status, location), status)
    : c.html(webobPage(status, location), status)
