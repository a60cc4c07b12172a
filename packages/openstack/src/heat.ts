import type {
  FailedResource,
  PendingResource,
  StackPort,
  StackSpec,
  StackState,
  StackUpdate,
} from '@berth/core/ports/stacks'
import * as z from 'zod/mini'
import { versionedUrl } from './catalog'
import { OpenStackError } from './errors'
import type { HttpResponse } from './http'
import { orUndefinedOn404, pathSegment, type ServiceEndpoint } from './service'
import { openStackError } from './workflow-errors'

const SERVICE = 'heat'
/** How deep resource lists look into nested stacks; Heat's own max_nested_stack_depth is 5. */
/** How deep failedResources looks into nested stacks; Heat's own max_nested_stack_depth is 5. */
const NESTED_DEPTH = 5

const StackSchema = z.looseObject({
  id: z.string(),
  stack_name: z.string(),
  stack_status: z.string(),
  stack_status_reason: z.nullish(z.string()),
  outputs: z.nullish(
    z.array(
      z.looseObject({
        output_key: z.string(),
        output_value: z.optional(z.unknown()),
        output_error: z.nullish(z.string()),
      })
    )
  ),
  parameters: z.nullish(z.record(z.string(), z.unknown())),
})

const ResourceSchema = z.looseObject({
  resource_name: z.string(),
  resource_type: z.string(),
  resource_status: z.string(),
  resource_status_reason: z.nullish(z.string()),
  /** Set on the resources of nested stacks: the resource that owns their stack. */
  parent_resource: z.optional(z.string()),
})

/** Answer of POST /validate or the reason Heat refused the template. */
export type TemplateValidation = { ok: true } | { ok: false; message: string }

/**
 * Heat's v1 URL for a project. Catalogs register Heat as `…:8004/v1/<project_id>` (the form
 * Heat's routes need), sometimes without the project, sometimes without the version.
 *
 * @example
 * orchestrationUrl('http://heat:8004/v1/abc', 'abc') // 'http://heat:8004/v1/abc'
 * orchestrationUrl('http://heat:8004', 'abc')        // 'http://heat:8004/v1/abc'
 */
export const orchestrationUrl = (catalogUrl: string, projectId: string): string => {
  const url = versionedUrl(catalogUrl, 'v1')
  return /\/v1$/.test(url) ? `${url}/${encodeURIComponent(projectId)}` : url
}

const asString = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v)

/** A YAML loader turns `2018-08-31` into a Date, which Heat would reject as a version. */
const withStringVersion = (template: Record<string, unknown>): Record<string, unknown> => {
  const v = template.heat_template_version
  return v instanceof Date
    ? { ...template, heat_template_version: v.toISOString().slice(0, 10) }
    : template
}

/** Heat takes tags as one comma-separated string, so a tag may not contain a comma. */
const tagsParam = (tags: readonly string[]): string | undefined => {
  const bad = tags.find((t) => t.includes(',') || t === '')
  if (bad !== undefined)
    throw new TypeError(`Heat tags may not be empty or contain commas: '${bad}'`)
  return tags.length === 0 ? undefined : tags.join(',')
}

/** {name, id} from a Location such as …/v1/<project>/stacks/<name>/<id>[/…]. */
const identityFromLocation = (location: string): { name: string; id: string } | undefined => {
  const segments = new URL(location, 'http://placeholder.invalid').pathname.split('/')
  const at = segments.lastIndexOf('stacks')
  const name = segments[at + 1]
  const id = segments[at + 2]
  if (at === -1 || !name || !id) return undefined
  return { name: decodeURIComponent(name), id: decodeURIComponent(id) }
}

type Identity = { name: string; id: string }

/**
 * Stack id → name, which Heat's URLs need beside the id. Ids are UUIDs Heat never reuses, so
 * an entry never goes stale; the oldest go once there are `max`.
 */
export class StackNames {
  private readonly map = new Map<string, string>()

  constructor(private readonly max = 1000) {}

  get(id: string): string | undefined {
    return this.map.get(id)
  }

  set(id: string, name: string): void {
    this.map.delete(id)
    this.map.set(id, name)
    for (const oldest of this.map.keys()) {
      if (this.map.size <= this.max) break
      this.map.delete(oldest)
    }
  }
}

/**
 * Heat's orchestration API v1 as the lifecycle needs it; implements the core's StackPort.
 * Every call is safe to repeat: create answers a retried request with the stack it made the
 * first time, delete and get treat a stack Heat no longer knows as gone. Failures are the
 * named OpenStackError subclasses (see WORKFLOW_ERROR_NAMES).
 *
 * Stacks are addressed by name and id together, as Heat's routes want; a bare id or name is
 * resolved once through Heat's redirect (not followed: its Location may carry an address only
 * Heat believes in) and remembered.
 *
 * @example
 * const heat = new HeatClient({ http, token, url: orchestrationUrl(endpointFor(catalog, { serviceType: 'orchestration' }), projectId) })
 * const { id } = await heat.create(spec)
 * const state = await heat.get(id)
 */
export class HeatClient implements StackPort {
  private readonly names: StackNames

  /** `names` may be shared by clients for one cloud, so a new client needs no look-up. */
  constructor(
    private readonly endpoint: ServiceEndpoint,
    names?: StackNames
  ) {
    this.names = names ?? new StackNames()
  }

  async create(spec: StackSpec): Promise<{ id: string }> {
    const { http, url, token } = this.endpoint
    const body: Record<string, unknown> = {
      stack_name: spec.name,
      template: withStringVersion(spec.template),
      files: spec.files,
      environment: spec.environment,
      parameters: spec.parameters,
      timeout_mins: spec.timeoutMins,
      disable_rollback: spec.disableRollback,
    }
    const tags = tagsParam(spec.tags)
    if (tags !== undefined) body.tags = tags
    try {
      const res = await http.requestJson(
        { service: SERVICE, method: 'POST', url: `${url}/stacks`, token, body },
        z.looseObject({ stack: z.looseObject({ id: z.string() }) })
      )
      this.names.set(res.stack.id, spec.name)
      return { id: res.stack.id }
    } catch (e) {
      // "The Stack (x) already exists.": the first attempt made it and its answer was lost.
      if (e instanceof OpenStackError && e.status === 409) {
        const existing = await this.identify(spec.name)
        if (existing !== undefined) return { id: existing.id }
      }
      throw e
    }
  }

  /** The stack, or undefined for a stack Heat does not know or has finished deleting. */
  async get(idOrName: string): Promise<StackState | undefined> {
    const identity = await this.identify(idOrName)
    if (identity === undefined) return undefined
    const { http, token } = this.endpoint
    const res = await orUndefinedOn404(
      http.requestJson(
        { service: SERVICE, method: 'GET', url: this.stackUrl(identity), token },
        z.looseObject({ stack: StackSchema })
      )
    )
    if (res === undefined || res.stack.stack_status === 'DELETE_COMPLETE') return undefined
    const s = res.stack
    return {
      id: s.id,
      name: s.stack_name,
      status: s.stack_status,
      reason: s.stack_status_reason ?? null,
      outputs: Object.fromEntries(
        (s.outputs ?? []).map((o) => [o.output_key, o.output_value ?? null])
      ),
      parameters: Object.fromEntries(
        Object.entries(s.parameters ?? {}).map(([k, v]) => [k, asString(v)])
      ),
    }
  }

  /**
   * PATCH (Heat keeps the template) without `update.template`, PUT (replaces it) with one. A
   * stack Heat no longer knows, or has deleted, fails as OpenStack.Client: Heat itself answers
   * a deleted one it has not purged yet with a 500, which would read as worth retrying.
   */
  async update(id: string, update: StackUpdate): Promise<void> {
    const method = update.template === undefined ? 'PATCH' : 'PUT'
    const current = await this.get(id)
    const identity = current && { name: current.name, id: current.id }
    if (identity === undefined) throw this.notFound(method, id)
    const body: Record<string, unknown> = {
      parameters: update.parameters,
      disable_rollback: update.disableRollback,
    }
    if (update.timeoutMins !== undefined) body.timeout_mins = update.timeoutMins
    if (update.template !== undefined) {
      body.template = withStringVersion(update.template)
      body.files = update.files ?? {}
      body.environment = update.environment ?? {}
    } else {
      if (update.files !== undefined) body.files = update.files
      if (update.environment !== undefined) body.environment = update.environment
    }
    const { http, token } = this.endpoint
    await http.request({ service: SERVICE, method, url: this.stackUrl(identity), token, body })
  }

  /** Starts the deletion; a stack Heat does not know, or no longer knows, counts as deleted. */
  async delete(id: string): Promise<void> {
    const identity = await this.identify(id)
    if (identity === undefined) return
    const { http, token } = this.endpoint
    await orUndefinedOn404(
      http.request({ service: SERVICE, method: 'DELETE', url: this.stackUrl(identity), token })
    )
  }

  /** Resources in *_FAILED down to Heat's nesting limit, in Heat's order; none for an unknown stack. */
  async failedResources(id: string): Promise<FailedResource[]> {
    return (await this.resourcesIn(id, 'FAILED')).map((r) => ({
      name: r.resource_name,
      type: r.resource_type,
      reason: r.resource_status_reason ?? '',
    }))
  }

  async pendingResources(id: string): Promise<PendingResource[]> {
    const pending = await this.resourcesIn(id, 'IN_PROGRESS')
    // A group or nested stack is in progress while a resource inside it is: keep the inside.
    const parents = new Set(pending.map((r) => r.parent_resource).filter((p) => p !== undefined))
    return pending
      .filter((r) => !parents.has(r.resource_name))
      .map((r) => ({ name: r.resource_name, type: r.resource_type, status: r.resource_status }))
  }

  /** The stack's resources, nested ones included, whose status ends in `_${status}`. */
  private async resourcesIn(id: string, status: 'FAILED' | 'IN_PROGRESS') {
    const identity = await this.identify(id)
    if (identity === undefined) return []
    const { http, token } = this.endpoint
    const res = await orUndefinedOn404(
      http.requestJson(
        {
          service: SERVICE,
          method: 'GET',
          url: `${this.stackUrl(identity)}/resources`,
          query: { nested_depth: NESTED_DEPTH, status },
          token,
        },
        z.looseObject({ resources: z.array(ResourceSchema) })
      )
    )
    return (res?.resources ?? []).filter((r) => r.resource_status.endsWith(`_${status}`))
  }

  /** Heat's template validation (POST /validate): ok, or Heat's reason for refusing it. */
  async validate(
    template: Record<string, unknown>,
    files: Record<string, string>,
    environment: Record<string, unknown>
  ): Promise<TemplateValidation> {
    const { http, url, token } = this.endpoint
    try {
      await http.request({
        service: SERVICE,
        method: 'POST',
        url: `${url}/validate`,
        token,
        body: { template: withStringVersion(template), files, environment },
        // Validation changes nothing, so a lost answer may be asked again.
        idempotent: true,
      })
      return { ok: true }
    } catch (e) {
      if (e instanceof OpenStackError && e.failure === 'http' && e.status === 400) {
        return { ok: false, message: e.detail }
      }
      throw e
    }
  }

  private stackUrl(identity: Identity): string {
    return `${this.endpoint.url}/stacks/${encodeURIComponent(identity.name)}/${encodeURIComponent(identity.id)}`
  }

  private notFound(method: 'PATCH' | 'PUT', ref: string): OpenStackError {
    return openStackError({
      service: SERVICE,
      method,
      url: `${this.endpoint.url}/stacks/${encodeURIComponent(ref)}`,
      status: 404,
      failure: 'http',
      detail: `The Stack (${ref}) could not be found.`,
    })
  }

  /**
   * Name and id of a stack given either. Heat answers GET /stacks/<ref> with a redirect to
   * /stacks/<name>/<id>; a server that shows the stack straight away is understood too.
   */
  private async identify(ref: string): Promise<Identity | undefined> {
    const known = this.names.get(ref)
    if (known !== undefined) return { name: known, id: ref }
    const segment = pathSegment(ref)
    if (segment === undefined) return undefined
    const { http, url, token } = this.endpoint
    const res: HttpResponse | undefined = await orUndefinedOn404(
      http.request({
        service: SERVICE,
        method: 'GET',
        url: `${url}/stacks/${segment}`,
        token,
        redirect: 'manual',
      })
    )
    if (res === undefined) return undefined
    const location = res.headers.get('location')
    const direct = StackSchema.safeParse((res.body as { stack?: unknown } | undefined)?.stack)
    const identity =
      res.status >= 300 && location !== null
        ? identityFromLocation(location)
        : direct.success
          ? { name: direct.data.stack_name, id: direct.data.id }
          : undefined
    if (identity === undefined) {
      throw openStackError({
        service: SERVICE,
        method: 'GET',
        url: `${url}/stacks/${segment}`,
        status: res.status,
        failure: 'invalid-response',
        detail: 'stack look-up answered with neither a redirect nor a stack',
      })
    }
    this.names.set(identity.id, identity.name)
    return identity
  }
}
