import * as z from 'zod/mini'
import { Labels } from '../cluster-templates/input'

/**
 * What clients may send to create clusters and bays, and to resize and upgrade them (Magnum's
 * Cluster, Bay, ClusterResizeRequest and ClusterUpgradeRequest API types). Booleans and
 * integers are also accepted as strings ("true", "5"), as wsme did.
 */
export const bool = z.union([
  z.boolean(),
  z.pipe(
    z.string().check(z.regex(/^(true|false|1|0|yes|no|on|off|t|f|y|n)$/i, 'expected a boolean')),
    z.transform((s: string) => /^(true|1|yes|on|t|y)$/i.test(s))
  ),
])

export const int = (min: number) =>
  z.pipe(
    z.union([
      z.int(),
      z.pipe(
        z.string().check(z.regex(/^[+-]?\d+$/, 'expected an integer')),
        z.transform((s: string) => Number(s))
      ),
    ]),
    z.number().check(z.gte(min, `Value should be greater or equal to ${min}`))
  )

export const text = z.string().check(z.minLength(1), z.maxLength(255))

/** Heat stack names are at most 255 characters and Magnum appends a uuid: hence 242. */
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.-]*$/
export const ClusterName = z
  .string()
  .check(
    z.minLength(1, 'Value should have a minimum character requirement of 1'),
    z.maxLength(242, 'Value should have a maximum character requirement of 242'),
    z.regex(CLUSTER_NAME_PATTERN, `Value should match the pattern ${CLUSTER_NAME_PATTERN.source}`)
  )

const common = {
  name: z.nullish(ClusterName),
  master_count: z.nullish(int(1)),
  docker_volume_size: z.nullish(int(1)),
  labels: z.nullish(Labels),
  master_flavor_id: z.nullish(text),
  flavor_id: z.nullish(text),
  discovery_url: z.nullish(z.string()),
  fixed_network: z.nullish(text),
  fixed_subnet: z.nullish(text),
  floating_ip_enabled: z.nullish(bool),
  master_lb_enabled: z.nullish(bool),
}

/** POST /v1/clusters. Zero nodes pass here; the microversion rule is the use-case's. */
export const ClusterInputSchema = z.object({
  ...common,
  cluster_template_id: z.string().check(z.minLength(1)),
  keypair: z.nullish(text),
  node_count: z.nullish(int(0)),
  create_timeout: z.nullish(int(0)),
  merge_labels: z.nullish(bool),
})
export type ClusterInput = z.infer<typeof ClusterInputSchema>

/** POST /v1/bays: Magnum Zed's names, at least one node, and no keypair of its own. */
export const BayInputSchema = z.object({
  ...common,
  baymodel_id: z.string().check(z.minLength(1)),
  node_count: z.nullish(int(1)),
  bay_create_timeout: z.nullish(int(0)),
})
export type BayInput = z.infer<typeof BayInputSchema>

export const bayToClusterInput = (b: BayInput): ClusterInput => {
  const { baymodel_id, bay_create_timeout, ...rest } = b
  return { ...rest, cluster_template_id: baymodel_id, create_timeout: bay_create_timeout }
}

/** Output attributes a client may echo back in a POST; Magnum accepts and ignores them. */
export const CLUSTER_READ_ONLY = [
  'uuid',
  'links',
  'stack_id',
  'cluster_id',
  'status',
  'status_reason',
  'health_status',
  'health_status_reason',
  'api_address',
  'coe_version',
  'container_version',
  'project_id',
  'user_id',
  'node_addresses',
  'master_addresses',
  'faults',
  'labels_overridden',
  'labels_added',
  'labels_skipped',
  'created_at',
  'updated_at',
] as const

export const BAY_READ_ONLY = [
  'uuid',
  'links',
  'stack_id',
  'status',
  'status_reason',
  'api_address',
  'coe_version',
  'container_version',
  'node_addresses',
  'master_addresses',
  'bay_faults',
  'created_at',
  'updated_at',
] as const

/** POST /v1/clusters/{id}/actions/resize. */
export const ResizeInputSchema = z.object({
  node_count: int(0),
  nodes_to_remove: z.nullish(z.array(z.string().check(z.minLength(1)))),
  nodegroup: z.nullish(text),
})
export type ResizeInput = z.infer<typeof ResizeInputSchema>

/** POST /v1/clusters/{id}/actions/upgrade. */
export const UpgradeInputSchema = z.object({
  cluster_template: text,
  max_batch_size: z.nullish(int(1)),
  nodegroup: z.nullish(text),
})
export type UpgradeInput = z.infer<typeof UpgradeInputSchema>
