import { isIP } from 'node:net'
import * as z from 'zod/mini'
import { COES, SERVER_TYPES } from './model'

/**
 * What a client may send to create a cluster template (Magnum's ClusterTemplate API type).
 * Booleans and integers are also accepted as strings ("true", "5"), as wsme did.
 */
const text = z.string().check(z.minLength(1), z.maxLength(255))
const optionalText = z.nullish(text)

const bool = z.union([
  z.boolean(),
  z.pipe(
    z.string().check(z.regex(/^(true|false|1|0|yes|no|on|off)$/i, 'expected a boolean')),
    z.transform((s: string) => /^(true|1|yes|on)$/i.test(s))
  ),
])
const int = (min: number, max?: number) => {
  const base = z.union([
    z.int(),
    z.pipe(
      z.string().check(z.regex(/^[+-]?\d+$/, 'expected an integer')),
      z.transform((s: string) => Number(s))
    ),
  ])
  return z.pipe(
    base,
    max === undefined ? z.number().check(z.gte(min)) : z.number().check(z.gte(min), z.lte(max))
  )
}

/** Python's str() of a label value: labels are stored as strings, as Magnum stores them. */
const labelValue = z.pipe(
  z.union([z.string(), z.number(), z.boolean()]),
  z.transform((v: string | number | boolean) =>
    typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)
  )
)
export const Labels = z.record(z.string(), labelValue)
export const StrictLabels = z.record(z.string(), z.string())

export const isDnsList = (s: string, ipv4Only: boolean): boolean =>
  s.split(',').every((ip) => {
    const v = isIP(ip.trim())
    return ipv4Only ? v === 4 : v !== 0
  })

export const DOCKER_STORAGE_DRIVERS = ['devicemapper', 'overlay', 'overlay2'] as const

export const clusterTemplateInputShape = {
  uuid: z.optional(z.uuid()),
  name: optionalText,
  coe: z.enum(COES),
  image_id: text,
  server_type: z.nullish(z.enum(SERVER_TYPES)),
  flavor_id: optionalText,
  master_flavor_id: optionalText,
  keypair_id: optionalText,
  external_network_id: optionalText,
  fixed_network: optionalText,
  fixed_subnet: optionalText,
  dns_nameserver: z.nullish(
    text.check(
      z.refine(
        (s: string) => isDnsList(s, false),
        'expected a comma-separated list of IP addresses'
      )
    )
  ),
  network_driver: optionalText,
  volume_driver: optionalText,
  docker_storage_driver: z.nullish(z.enum(DOCKER_STORAGE_DRIVERS)),
  docker_volume_size: z.nullish(int(1)),
  apiserver_port: z.nullish(int(1024, 65535)),
  http_proxy: optionalText,
  https_proxy: optionalText,
  no_proxy: optionalText,
  registry_enabled: z.nullish(bool),
  insecure_registry: optionalText,
  tls_disabled: z.nullish(bool),
  labels: z.nullish(Labels),
  public: z.nullish(bool),
  hidden: z.nullish(bool),
  master_lb_enabled: z.nullish(bool),
  floating_ip_enabled: z.nullish(bool),
  tags: z.nullish(z.string().check(z.maxLength(255))),
  driver: optionalText,
}

export const ClusterTemplateInputSchema = z.object(clusterTemplateInputShape)
export type ClusterTemplateInput = z.infer<typeof ClusterTemplateInputSchema>

/** Baymodels are the same record with Magnum Zed's narrower types: string labels, IPv4 DNS. */
export const BayModelInputSchema = z.extend(ClusterTemplateInputSchema, {
  labels: z.nullish(StrictLabels),
  dns_nameserver: z.nullish(
    text.check(
      z.refine(
        (s: string) => isDnsList(s, true),
        'expected a comma-separated list of IPv4 addresses'
      )
    )
  ),
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
