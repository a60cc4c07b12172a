import * as z from 'zod'

/**
 * What gophercloud v2's containerinfra result structs accept from `json.Unmarshal`, as zod
 * schemas, so a Berth answer that would fail to decode in Terraform fails here instead.
 *
 * Go's rules mirrored: an absent key or a JSON null leaves the zero value (never an error); a
 * value of another JSON type is an error (a number into a string, a string into an int, a
 * fraction into an int, a non-string label value into map[string]string); unknown keys are
 * ignored. time.Time decodes only RFC 3339 strings (layout "2006-01-02T15:04:05Z07:00", an
 * optional fraction, 'Z' or a ±hh:mm offset; Go ≥ 1.20 also rejects out-of-range fields).
 *
 * Go requires no key, but the provider builds its state from some of them (the resource id,
 * the status it polls, the times it formats): those are `needed` here, so their absence fails.
 */

const nullish = <T extends z.ZodType>(t: T) => t.nullable().optional()

/** string */
const goString = nullish(z.string())
/** int (and *int): a JSON integer; Go rejects 1.5 and "1". */
const goInt = nullish(z.int())
/** bool */
const goBool = nullish(z.boolean())
/** []string: a null element decodes to "". */
const goStrings = nullish(z.array(z.string().nullable()))
/** map[string]string: a null value decodes to "". */
const goStringMap = nullish(z.record(z.string(), z.string().nullable()))
/** map[string]any */
const goAnyMap = nullish(z.record(z.string(), z.unknown()))

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/

/** Whether Go's time.Time.UnmarshalJSON (RFC 3339, Go ≥ 1.20 strictness) takes `s`. */
export const goParsesTime = (s: string): boolean => {
  const m = RFC3339.exec(s)
  if (!m) return false
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[]
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate()
  const offsetOk = m[8] === 'Z' || (Number(m[9]) < 24 && Number(m[10]) < 60)
  return (
    (month ?? 0) >= 1 &&
    (month ?? 0) <= 12 &&
    (day ?? 0) >= 1 &&
    (day ?? 0) <= daysInMonth &&
    (hour ?? 24) < 24 &&
    (minute ?? 60) < 60 &&
    (second ?? 60) < 60 &&
    offsetOk
  )
}

/** time.Time: null keeps the zero time; any other value must be an RFC 3339 string. */
const goTime = nullish(z.string().refine(goParsesTime, 'Go time.Time rejects this (not RFC 3339)'))
/** time.Time the provider formats into state: present and parseable. */
const neededTime = z.string().refine(goParsesTime, 'Go time.Time rejects this (not RFC 3339)')

/** gophercloud.Link {Href string `json:"href"`; Rel string `json:"rel"`} */
const goLinks = nullish(z.array(z.object({ href: goString, rel: goString })))

/** clusters.Cluster */
export const GoCluster = z.object({
  api_address: goString,
  coe_version: goString,
  cluster_template_id: z.string(), // string; the provider sets it into state
  container_version: goString,
  create_timeout: goInt,
  created_at: neededTime, // time.Time
  discovery_url: goString,
  docker_volume_size: goInt,
  faults: goStringMap, // map[string]string
  flavor_id: goString,
  keypair: goString,
  labels: goStringMap,
  labels_added: goStringMap,
  labels_overridden: goStringMap,
  labels_skipped: goStringMap,
  links: goLinks,
  master_flavor_id: goString,
  master_addresses: goStrings,
  master_count: goInt,
  name: z.string(), // string; the data source looks clusters up by it
  node_addresses: goStrings,
  node_count: goInt,
  project_id: goString,
  stack_id: goString,
  status: z.string(), // string; what the provider's StateChangeConf polls
  status_reason: goString, // string; what the provider reports on *_FAILED
  uuid: z.string(), // string; the resource id
  updated_at: goTime, // time.Time
  user_id: goString,
  floating_ip_enabled: goBool,
  master_lb_enabled: goBool,
  fixed_network: goString,
  fixed_subnet: goString,
  health_status: goString,
  health_status_reason: goAnyMap, // map[string]any
})

/** CreateResult/UpdateResult/UpgradeResult/ResizeResult.Extract: struct{ UUID string } */
export const GoClusterId = z.object({ uuid: z.string() })

/** clustertemplates.ClusterTemplate */
export const GoClusterTemplate = z.object({
  apiserver_port: goInt, // int (gophercloud #1186: Magnum sends a number)
  coe: z.string(),
  cluster_distro: goString,
  created_at: neededTime,
  dns_nameserver: goString,
  docker_storage_driver: goString,
  docker_volume_size: goInt,
  external_network_id: goString,
  fixed_network: goString,
  fixed_subnet: goString,
  flavor_id: goString,
  floating_ip_enabled: goBool,
  http_proxy: goString,
  https_proxy: goString,
  image_id: z.string(),
  insecure_registry: goString,
  keypair_id: goString,
  labels: goStringMap,
  links: goLinks,
  master_flavor_id: goString,
  master_lb_enabled: goBool,
  name: z.string(),
  network_driver: goString,
  no_proxy: goString,
  project_id: goString,
  public: goBool,
  registry_enabled: goBool,
  server_type: goString,
  tls_disabled: goBool,
  uuid: z.string(),
  updated_at: goTime,
  user_id: goString,
  volume_driver: goString,
  hidden: goBool,
})

/** nodegroups.NodeGroup */
export const GoNodeGroup = z.object({
  id: goInt, // int (Magnum's database id; Berth may leave it out)
  uuid: z.string(),
  name: z.string(),
  cluster_id: goString,
  project_id: goString,
  docker_volume_size: goInt, // *int
  labels: goStringMap,
  labels_added: goStringMap,
  labels_overridden: goStringMap,
  labels_skipped: goStringMap,
  links: goLinks,
  flavor_id: goString,
  image_id: goString,
  node_addresses: goStrings,
  node_count: z.int(), // int; the provider's node_count
  role: z.string(), // string; the cluster read picks the default non-master group by it
  min_node_count: goInt,
  max_node_count: goInt, // *int
  is_default: z.boolean(), // bool; the cluster read picks the default group by it
  stack_id: goString,
  status: z.string(),
  status_reason: goString,
  version: goString,
  created_at: goTime, // list entries carry no times; get/create answers must (see below)
  updated_at: goTime,
})

/** A nodegroup read through Get or Create, whose times the provider formats. */
export const GoNodeGroupFull = GoNodeGroup.extend({ created_at: neededTime })

/** ExtractNodeGroups: struct{ NodeGroups []NodeGroup `json:"nodegroups"` } */
export const GoNodeGroupPage = z.object({ nodegroups: z.array(GoNodeGroup), next: goString })

/** certificates.Certificate */
export const GoCertificate = z.object({
  cluster_uuid: goString,
  bay_uuid: goString,
  links: goLinks,
  pem: z.string(), // string; the provider's kubeconfig is built from it
  csr: goString,
})

/** Decodes `body` as Go would into the struct `schema` mirrors; throws naming the field. */
export const decodeGo = <T extends z.ZodType>(schema: T, body: unknown, what: string) => {
  const r = schema.safeParse(body)
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new Error(`${what} would not decode into gophercloud's struct: ${issues.join('; ')}`)
  }
  return r.data as z.infer<T>
}
