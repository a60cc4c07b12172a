import * as z from 'zod/mini'

/**
 * A cluster template as Berth stores it. Field names are Magnum's own: they are the domain's
 * vocabulary, the wire format and what operators know, so the record and the API share them.
 */
export const COES = ['kubernetes', 'swarm', 'swarm-mode', 'mesos', 'dcos'] as const
export const Coe = z.enum(COES)
export type Coe = z.infer<typeof Coe>

export const SERVER_TYPES = ['vm', 'bm'] as const

export const ClusterTemplateSchema = z.object({
  uuid: z.uuid(),
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  project_id: z.string(),
  user_id: z.string(),
  coe: Coe,
  image_id: z.string(),
  cluster_distro: z.nullable(z.string()),
  server_type: z.enum(SERVER_TYPES),
  flavor_id: z.nullable(z.string()),
  master_flavor_id: z.nullable(z.string()),
  keypair_id: z.nullable(z.string()),
  external_network_id: z.nullable(z.string()),
  fixed_network: z.nullable(z.string()),
  fixed_subnet: z.nullable(z.string()),
  dns_nameserver: z.nullable(z.string()),
  network_driver: z.nullable(z.string()),
  volume_driver: z.nullable(z.string()),
  docker_storage_driver: z.nullable(z.string()),
  docker_volume_size: z.nullable(z.int()),
  apiserver_port: z.nullable(z.int()),
  http_proxy: z.nullable(z.string()),
  https_proxy: z.nullable(z.string()),
  no_proxy: z.nullable(z.string()),
  registry_enabled: z.boolean(),
  insecure_registry: z.nullable(z.string()),
  tls_disabled: z.boolean(),
  labels: z.record(z.string(), z.string()),
  public: z.boolean(),
  hidden: z.boolean(),
  master_lb_enabled: z.boolean(),
  floating_ip_enabled: z.boolean(),
  tags: z.nullable(z.string()),
  driver: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.nullable(z.string()),
})
export type ClusterTemplate = z.infer<typeof ClusterTemplateSchema>

/** The stored record: the template plus the store's optimistic-concurrency version. */
export const StoredClusterTemplateSchema = z.extend(ClusterTemplateSchema, {
  version: z.int().check(z.gte(1)),
})
export type StoredClusterTemplate = z.infer<typeof StoredClusterTemplateSchema>
