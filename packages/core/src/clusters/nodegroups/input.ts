import * as z from 'zod'
import { Labels } from '../../cluster-templates/input'
import { bool, int, text } from '../input'
import { NodeTaintSchema } from '../model'

/** POST /v1/clusters/{id}/nodegroups (Magnum's NodeGroup API type). */
const shape = {
  name: text,
  role: text.nullish(),
  node_count: int(0).nullish(),
  min_node_count: int(0).nullish(),
  max_node_count: int(0).nullish(),
  flavor_id: text.nullish(),
  image_id: text.nullish(),
  docker_volume_size: int(1).nullish(),
  labels: Labels.nullish(),
  merge_labels: bool.nullish(),
}

export const NodeLabelsSchema = z.record(z.string(), z.string())
export const NodeTaintsSchema = z.array(NodeTaintSchema.strict())

/** Below µ1.14 node_labels and node_taints are unknown attributes. */
export const NodeGroupInputSchema = z.object(shape)
export const NodeGroupInputSchemaV114 = z.object({
  ...shape,
  node_labels: NodeLabelsSchema.nullish(),
  node_taints: NodeTaintsSchema.nullish(),
})
export type NodeGroupInput = z.infer<typeof NodeGroupInputSchemaV114>

/** Output attributes a client may echo back; accepted and ignored. */
export const NODEGROUP_READ_ONLY = [
  'uuid',
  'id',
  'cluster_id',
  'project_id',
  'links',
  'stack_id',
  'status',
  'status_reason',
  'version',
  'node_addresses',
  'is_default',
  'labels_overridden',
  'labels_added',
  'labels_skipped',
  'created_at',
  'updated_at',
] as const
