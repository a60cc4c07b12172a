import { ForbiddenError } from '../errors'
import type { Principal } from '../principal'
import { checkCloudReferences } from './cloud-checks'
import { checkCoeDrivers } from './coe-rules'
import type { ClusterTemplateDeps, TemplateFlavour } from './deps'
import type { ClusterTemplateInput } from './input'
import type { ClusterTemplate, StoredClusterTemplate } from './model'
import { generateName } from './names'

export const publishDenied = (): ForbiddenError =>
  new ForbiddenError('Not authorized to set public or hidden flag for cluster template.')

/** Fills Magnum's defaults for every field the client left out. */
export const templateFromInput = (
  input: ClusterTemplateInput,
  principal: Principal,
  uuid: string,
  now: Date
): ClusterTemplate => ({
  uuid,
  name: input.name ?? generateName('template'),
  project_id: principal.projectId,
  user_id: principal.userId,
  coe: input.coe,
  image_id: input.image_id,
  cluster_distro: null,
  server_type: input.server_type ?? 'vm',
  flavor_id: input.flavor_id ?? null,
  master_flavor_id: input.master_flavor_id ?? null,
  keypair_id: input.keypair_id ?? null,
  external_network_id: input.external_network_id ?? null,
  fixed_network: input.fixed_network ?? null,
  fixed_subnet: input.fixed_subnet ?? null,
  dns_nameserver: input.dns_nameserver ?? null,
  network_driver: input.network_driver ?? null,
  volume_driver: input.volume_driver ?? null,
  docker_storage_driver: input.docker_storage_driver ?? null,
  docker_volume_size: input.docker_volume_size ?? null,
  apiserver_port: input.apiserver_port ?? null,
  http_proxy: input.http_proxy ?? null,
  https_proxy: input.https_proxy ?? null,
  no_proxy: input.no_proxy ?? null,
  registry_enabled: input.registry_enabled ?? false,
  insecure_registry: input.insecure_registry ?? null,
  tls_disabled: input.tls_disabled ?? false,
  labels: input.labels ?? {},
  public: input.public ?? false,
  hidden: input.hidden ?? false,
  master_lb_enabled: input.master_lb_enabled ?? false,
  floating_ip_enabled: input.floating_ip_enabled ?? true,
  tags: input.tags ?? null,
  driver: input.driver ?? null,
  created_at: now.toISOString(),
  updated_at: null,
})

/** Everything a template must satisfy, on create and again after every PATCH. */
export const validateTemplate = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  t: ClusterTemplate
): Promise<ClusterTemplate> => {
  const network_driver = checkCoeDrivers(t)
  const cloud = await deps.cloud.forPrincipal(principal)
  const { clusterDistro } = await checkCloudReferences(t, cloud, deps.drivers)
  return { ...t, network_driver, cluster_distro: clusterDistro }
}

/** POST /v1/clustertemplates (magnum/api/controllers/v1/cluster_template.py post). */
export const createClusterTemplate = async (
  deps: ClusterTemplateDeps,
  principal: Principal,
  input: ClusterTemplateInput,
  flavour: TemplateFlavour
): Promise<StoredClusterTemplate> => {
  deps.policy.enforce(`${flavour.rules}:create`, principal, {
    project_id: principal.projectId,
    user_id: principal.userId,
  })
  if (
    (input.public || input.hidden) &&
    !deps.policy.check(`${flavour.rules}:publish`, principal, {})
  ) {
    throw publishDenied()
  }
  const draft = templateFromInput(input, principal, input.uuid ?? deps.newUuid(), deps.now())
  const stored: StoredClusterTemplate = {
    ...(await validateTemplate(deps, principal, draft)),
    version: 1,
  }
  await deps.templates.create(stored)
  return stored
}
