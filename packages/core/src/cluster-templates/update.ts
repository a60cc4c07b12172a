import { ConcurrentUpdateError, InvalidError, TemplateReferencedError } from '../errors'
import { applyPatch, changedAttributes, type JsonPatch, type PatchRules } from '../json-patch'
import type { Principal } from '../principal'
import { publishDenied, templateFromInput, validateTemplate } from './create'
import type { ClusterTemplateDeps, TemplateFlavour } from './deps'
import { BayModelInputSchema, ClusterTemplateInputSchema } from './input'
import { findTemplate } from './lookup'
import type { ClusterTemplate, StoredClusterTemplate } from './model'
import { generateName } from './names'

const REMOVED_DEFAULTS: Record<string, unknown> = {
  labels: {},
  registry_enabled: false,
  master_lb_enabled: false,
  floating_ip_enabled: true,
}

/** magnum/api/controllers/v1/cluster_template.py ClusterTemplatePatchType. */
export const TEMPLATE_PATCH_RULES: PatchRules = {
  // cluster_distro is derived from the image, so Berth treats it as internal.
  internal: [
    '/created_at',
    '/id',
    '/links',
    '/updated_at',
    '/uuid',
    '/project_id',
    '/user_id',
    '/cluster_distro',
  ],
  mandatory: [
    '/coe',
    '/image_id',
    '/network_driver',
    '/external_network_id',
    '/tls_disabled',
    '/public',
    '/server_type',
    '/registry_enabled',
    '/hidden',
  ],
  literalPaths: ['/labels'],
  defaultFor: (attr) =>
    attr === 'name' ? generateName('template') : (REMOVED_DEFAULTS[attr] ?? null),
}

/** What may still change while clusters use the template (Magnum's ClusterTemplateReferenced). */
const CHANGEABLE_WHEN_IN_USE = new Set(['name', 'public', 'hidden', 'tags'])
/** Changes that need the cloud and COE checks again; a rename or a tag need not reach the cloud. */
const NEEDS_VALIDATION = new Set([
  'coe',
  'image_id',
  'server_type',
  'driver',
  'flavor_id',
  'master_flavor_id',
  'keypair_id',
  'external_network_id',
  'fixed_network',
  'fixed_subnet',
  'network_driver',
  'volume_driver',
  'docker_storage_driver',
  'docker_volume_size',
])
const ATTEMPTS = 3

const patched = (
  t: StoredClusterTemplate,
  patch: JsonPatch,
  principal: Principal,
  flavour: TemplateFlavour,
  now: Date
): ClusterTemplate => {
  const { version: _version, ...doc } = t
  const raw = applyPatch(doc, patch, TEMPLATE_PATCH_RULES)
  const schema = flavour.rules === 'baymodel' ? BayModelInputSchema : ClusterTemplateInputSchema
  const parsed = schema.safeParse({ ...raw, uuid: undefined })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') ?? ''
    throw new InvalidError(
      `Invalid input for field/attribute ${field}. ${issue?.message ?? ''}`.trim()
    )
  }
  const next = templateFromInput(parsed.data, principal, t.uuid, new Date(t.created_at))
  return {
    ...next,
    project_id: t.project_id,
    user_id: t.user_id,
    cluster_distro: t.cluster_distro,
    updated_at: now.toISOString(),
  }
}

const attempt = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  ident: string,
  patch: JsonPatch,
  flavour: TemplateFlavour
): Promise<StoredClusterTemplate> => {
  const current = await findTemplate(
    deps,
    principal,
    ident,
    flavour,
    'clustertemplate:update_all_projects'
  )
  deps.policy.enforce(`${flavour.rules}:update`, principal, {
    project_id: current.project_id,
    user_id: current.user_id,
  })
  let next = patched(current, patch, principal, flavour, deps.now())
  const changed = changedAttributes(current, next).filter((a) => a !== 'updated_at')
  if (changed.length === 0) return current
  if (
    (changed.includes('public') || changed.includes('hidden')) &&
    !deps.policy.check(`${flavour.rules}:publish`, principal, {})
  ) {
    throw publishDenied()
  }
  if (changed.some((a) => !CHANGEABLE_WHEN_IN_USE.has(a))) {
    if ((await deps.templates.referenceCount(current.uuid)) > 0) {
      throw new TemplateReferencedError(current.uuid)
    }
  }
  if (changed.some((a) => NEEDS_VALIDATION.has(a)))
    next = await validateTemplate(deps, principal, next)
  return deps.templates.update({ ...next, version: current.version })
}

/** PATCH /v1/clustertemplates/{ident}: JSON-Patch with Magnum's rules; retried on a lost race. */
export const updateClusterTemplate = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  ident: string,
  patch: JsonPatch,
  flavour: TemplateFlavour
): Promise<StoredClusterTemplate> => {
  for (let i = 1; ; i++) {
    try {
      return await attempt(deps, principal, ident, patch, flavour)
    } catch (e) {
      if (!(e instanceof ConcurrentUpdateError) || i >= ATTEMPTS) throw e
    }
  }
}
