import * as z from 'zod'
import { Labels } from '../cluster-templates/input'

/**
 * What clients may send to create clusters and bays, and to resize and upgrade them (Magnum's
 * Cluster, Bay, ClusterResizeRequest and ClusterUpgradeRequest API types). Booleans and
 * integers are also accepted as strings ("true", "5"), as wsme did.
 */
export const bool = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false|1|0|yes|no|on|off|t|f|y|n)$/i, 'expected a boolean')
    .transform((s) => /^(true|1|yes|on|t|y)$/i.test(s)),
])

export const int = (min: number) =>
  z
    .union([
      z.number().int(),
      z
        .string()
        .regex(/^[+-]?\d+$/, 'expected an integer')
        .transform((s) => Number(s)),
    ])
    .pipe(z.number().min(min, `Value should be greater or equal to ${min}`))

export const text = z.string().min(1).max(255)

/** Heat stack names are at most 255 characters and Magnum appends a uuid: hence 242. */
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.-]*$/
export const ClusterName = z
  .string()
  .min(1, 'Value should have a minimum character requirement of 1')
  .max(242, 'Value should have a maximum character requirement of 242')
  .regex(CLUSTER_NAME_PATTERN, `Value should match the pattern ${CLUSTER_NAME_PATTERN.source}`)

const common = {
  name: ClusterName.nullish(),
  master_count: int(1).nullish(),
  docker_volume_size: int(1).nullish(),
  labels: Labels.nullish(),
  master_flavor_id: text.nullish(),
  flavor_id: text.nullish(),
  discovery_url: z.string().nullish(),
  fixed_network: text.nullish(),
  fixed_subnet: text.nullish(),
  floating_ip_enabled: bool.nullish(),
  master_lb_enabled: bool.nullish(),
}

/** POST /v1/clusters. Zero nodes pass here; the microversion rule is the use-case's. */
export const ClusterInputSchema = z.object({
  ...common,
  cluster_template_id: z.string().min(1),
  keypair: text.nullish(),
  node_count: int(0).nullish(),
  create_timeout: int(0).nullish(),
  merge_labels: bool.nullish(),
})
export type ClusterInput = z.infer<typeof ClusterInputSchema>

/** POST /v1/bays: Magnum Zed's names, at least one node, and no keypair of its own. */
export const BayInputSchema = z.object({
  ...common,
  baymodel_id: z.string().min(1),
  node_count: int(1).nullish(),
  bay_create_timeout: int(0).nullish(),
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
  nodes_to_remove: z.array(z.string().min(1)).nullish(),
  nodegroup: text.nullish(),
})
export type ResizeInput = z.infer<typeof ResizeInputSchema>

/** POST /v1/clusters/{id}/actions/upgrade. */
export const UpgradeInputSchema = z.object({
  cluster_template: text,
  max_batch_size: int(1).nullish(),
  nodegroup: text.nullish(),
})
export type UpgradeInput = z.infer<typeof UpgradeInputSchema>
