import * as z from 'zod'

/**
 * A cluster template as Berth stores it. Field names are Magnum's own: they are the domain's
 * vocabulary, the wire format and what operators know, so the record and the API share them.
 */
export const COES = ['kubernetes', 'swarm', 'swarm-mode', 'mesos', 'dcos'] as const
export const Coe = z.enum(COES)
export type Coe = z.infer<typeof Coe>

export const SERVER_TYPES = ['vm', 'bm'] as const

export const ClusterTemplateSchema = z.object({
  uuid: z.string().uuid(),
  name: z.string().min(1).max(255),
  project_id: z.string(),
  user_id: z.string(),
  coe: Coe,
  image_id: z.string(),
  cluster_distro: z.string().nullable(),
  server_type: z.enum(SERVER_TYPES),
  flavor_id: z.string().nullable(),
  master_flavor_id: z.string().nullable(),
  keypair_id: z.string().nullable(),
  external_network_id: z.string().nullable(),
  fixed_network: z.string().nullable(),
  fixed_subnet: z.string().nullable(),
  dns_nameserver: z.string().nullable(),
  network_driver: z.string().nullable(),
  volume_driver: z.string().nullable(),
  docker_storage_driver: z.string().nullable(),
  docker_volume_size: z.number().int().nullable(),
  apiserver_port: z.number().int().nullable(),
  http_proxy: z.string().nullable(),
  https_proxy: z.string().nullable(),
  no_proxy: z.string().nullable(),
  registry_enabled: z.boolean(),
  insecure_registry: z.string().nullable(),
  tls_disabled: z.boolean(),
  labels: z.record(z.string(), z.string()),
  public: z.boolean(),
  hidden: z.boolean(),
  master_lb_enabled: z.boolean(),
  floating_ip_enabled: z.boolean(),
  tags: z.string().nullable(),
  driver: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string().nullable(),
})
export type ClusterTemplate = z.infer<typeof ClusterTemplateSchema>

/** The stored record: the template plus the store's optimistic-concurrency version. */
export const StoredClusterTemplateSchema = ClusterTemplateSchema.extend({
  version: z.number().int().min(1),
})
export type StoredClusterTemplate = z.infer<typeof StoredClusterTemplateSchema>
