import * as z from 'zod/mini'
import { Labels } from '../../cluster-templates/input'
import { bool, int, text } from '../input'
import { NodeTaintSchema } from '../model'

/** POST /v1/clusters/{id}/nodegroups (Magnum's NodeGroup API type). */
const shape = {
  name: text,
  role: z.nullish(text),
  node_count: z.nullish(int(0)),
  min_node_count: z.nullish(int(0)),
  max_node_count: z.nullish(int(0)),
  flavor_id: z.nullish(text),
  image_id: z.nullish(text),
  docker_volume_size: z.nullish(int(1)),
  labels: z.nullish(Labels),
  merge_labels: z.nullish(bool),
}

export const NodeLabelsSchema = z.record(z.string(), z.string())
export const NodeTaintsSchema = z.array(z.strictObject(NodeTaintSchema.shape))

/** Below µ1.14 node_labels and node_taints are unknown attributes. */
export const NodeGroupInputSchema = z.object(shape)
export const NodeGroupInputSchemaV114 = z.object({
  ...shape,
  node_labels: z.nullish(NodeLabelsSchema),
  node_taints: z.nullish(NodeTaintsSchema),
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
