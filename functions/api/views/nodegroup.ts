import { labelsDiff, type NodeGroupView, type StoredNodeGroup } from '@berth/core/clusters'
import { type ApiVersion, atLeast } from '../middleware/api-version'
import { magnumTime } from './time'

/** Nodegroup links live under their cluster: /v1/clusters/{cluster}/nodegroups/{uuid}. */
const links = (baseUrl: string, ng: StoredNodeGroup) => {
  const path = `clusters/${ng.cluster_id}/nodegroups/${ng.uuid}`
  return [
    { href: `${baseUrl}/v1/${path}`, rel: 'self' },
    { href: `${baseUrl}/${path}`, rel: 'bookmark' },
  ]
}

/** GET /v1/clusters/{c}/nodegroups/{ng}, and the 202 body of create and PATCH. */
export const renderNodeGroup = (
  view: NodeGroupView,
  baseUrl: string,
  v: ApiVersion
): Record<string, unknown> => {
  const ng = view.nodegroup
  return {
    uuid: ng.uuid,
    name: ng.name,
    cluster_id: ng.cluster_id,
    project_id: ng.project_id,
    docker_volume_size: ng.docker_volume_size,
    labels: ng.labels,
    ...labelsDiff(view.aggregate.cluster.labels, ng.labels),
    links: links(baseUrl, ng),
    flavor_id: ng.flavor_id,
    image_id: ng.image_id,
    node_addresses: ng.node_addresses,
    node_count: ng.node_count,
    role: ng.role,
    min_node_count: ng.min_node_count,
    max_node_count: ng.max_node_count,
    is_default: ng.is_default,
    stack_id: ng.stack_id,
    status: ng.status,
    status_reason: ng.status_reason,
    version: ng.version,
    ...(atLeast(v, 1, 14) ? { node_labels: ng.node_labels, node_taints: ng.node_taints } : {}),
    created_at: magnumTime(ng.created_at),
    updated_at: magnumTime(ng.updated_at),
  }
}

/** GET /v1/clusters/{c}/nodegroups entries: Magnum's summary, without links. */
export const renderNodeGroupSummary = (ng: StoredNodeGroup): Record<string, unknown> => ({
  uuid: ng.uuid,
  name: ng.name,
  flavor_id: ng.flavor_id,
  node_count: ng.node_count,
  role: ng.role,
  is_default: ng.is_default,
  image_id: ng.image_id,
  status: ng.status,
  stack_id: ng.stack_id,
})
