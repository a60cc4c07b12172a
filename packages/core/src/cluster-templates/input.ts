import { isIP } from 'node:net'
import * as z from 'zod'
import { COES, SERVER_TYPES } from './model'

/**
 * What a client may send to create a cluster template (Magnum's ClusterTemplate API type).
 * Booleans and integers are also accepted as strings ("true", "5"), as wsme did.
 */
const text = z.string().min(1).max(255)
const optionalText = text.nullish()

const bool = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false|1|0|yes|no|on|off)$/i, 'expected a boolean')
    .transform((s) => /^(true|1|yes|on)$/i.test(s)),
])
const int = (min: number, max?: number) => {
  const base = z.union([
    z.number().int(),
    z
      .string()
      .regex(/^[+-]?\d+$/, 'expected an integer')
      .transform((s) => Number(s)),
  ])
  return base.pipe(max === undefined ? z.number().min(min) : z.number().min(min).max(max))
}

/** Python's str() of a label value: labels are stored as strings, as Magnum stores them. */
const labelValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)))
export const Labels = z.record(z.string(), labelValue)
export const StrictLabels = z.record(z.string(), z.string())

export const isDnsList = (s: string, ipv4Only: boolean): boolean =>
  s.split(',').every((ip) => {
    const v = isIP(ip.trim())
    return ipv4Only ? v === 4 : v !== 0
  })

export const DOCKER_STORAGE_DRIVERS = ['devicemapper', 'overlay', 'overlay2'] as const

export const clusterTemplateInputShape = {
  uuid: z.string().uuid().optional(),
  name: optionalText,
  coe: z.enum(COES),
  image_id: text,
  server_type: z.enum(SERVER_TYPES).nullish(),
  flavor_id: optionalText,
  master_flavor_id: optionalText,
  keypair_id: optionalText,
  external_network_id: optionalText,
  fixed_network: optionalText,
  fixed_subnet: optionalText,
  dns_nameserver: text
    .refine((s) => isDnsList(s, false), 'expected a comma-separated list of IP addresses')
    .nullish(),
  network_driver: optionalText,
  volume_driver: optionalText,
  docker_storage_driver: z.enum(DOCKER_STORAGE_DRIVERS).nullish(),
  docker_volume_size: int(1).nullish(),
  apiserver_port: int(1024, 65535).nullish(),
  http_proxy: optionalText,
  https_proxy: optionalText,
  no_proxy: optionalText,
  registry_enabled: bool.nullish(),
  insecure_registry: optionalText,
  tls_disabled: bool.nullish(),
  labels: Labels.nullish(),
  public: bool.nullish(),
  hidden: bool.nullish(),
  master_lb_enabled: bool.nullish(),
  floating_ip_enabled: bool.nullish(),
  tags: z.string().max(255).nullish(),
  driver: optionalText,
}

export const ClusterTemplateInputSchema = z.object(clusterTemplateInputShape)
export type ClusterTemplateInput = z.infer<typeof ClusterTemplateInputSchema>

/** Baymodels are the same record with Magnum Zed's narrower types: string labels, IPv4 DNS. */
export const BayModelInputSchema = ClusterTemplateInputSchema.extend({
  labels: StrictLabels.nullish(),
  dns_nameserver: text
    .refine((s) => isDnsList(s, true), 'expected a comma-separated list of IPv4 addresses')
    .nullish(),
})

/** Attributes a client may send back unchanged (they come from a GET) and that are ignored. */
export const READ_ONLY_ATTRIBUTES = [
  'cluster_distro',
  'project_id',
  'user_id',
  'created_at',
  'updated_at',
  'links',
] as const
