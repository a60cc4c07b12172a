import type { StoredClusterTemplate } from '../cluster-templates/model'
import { generateName } from '../cluster-templates/names'
import { InvalidError } from '../errors'
import type { DriverCatalog } from '../ports/drivers'
import type { Principal } from '../principal'
import type { ClusterFlavour } from './deps'
import type { ClusterInput } from './input'
import { mergeLabels } from './labels'
import {
  type Cluster,
  DEFAULT_MASTER_NODEGROUP,
  DEFAULT_WORKER_NODEGROUP,
  type NodeGroup,
} from './model'
import { ClusterStatus } from './status'

/** Magnum's ClusterTypeNotSupported: no driver for the template's (server_type, os, coe). */
export const checkDriver = (drivers: DriverCatalog, t: StoredClusterTemplate): void => {
  const key = { serverType: t.server_type, osDistro: t.cluster_distro ?? '', coe: t.coe }
  if (!drivers.find(key, t.driver ?? undefined)) {
    throw new InvalidError(
      `Cluster type (${key.serverType}, ${t.cluster_distro ?? 'None'}, ${key.coe}) not supported.`
    )
  }
}

/** devicemapper needs a docker volume of at least 3 GB (the cluster's, else the template's). */
export const checkVolumeSize = (
  t: StoredClusterTemplate,
  dockerVolumeSize: number | null | undefined
): void => {
  const size = dockerVolumeSize || t.docker_volume_size
  if (t.docker_storage_driver === 'devicemapper' && (!size || size < 3)) {
    throw new InvalidError(
      `docker volume size ${size ?? 'None'} GB is not valid, expecting minimum value 3GB for devicemapper storage driver.`
    )
  }
}

/** Several masters need a load balancer in front of their API servers. */
export const checkMasterCount = (masterCount: number, masterLbEnabled: boolean): void => {
  if (masterCount > 1 && !masterLbEnabled) {
    throw new InvalidError('master_count must be 1 when master_lb_enabled is False')
  }
}

/** The `min_node_count` label sets the default worker nodegroup's minimum. */
export const minNodeCountLabel = (labels: Record<string, string>): number => {
  const raw = labels.min_node_count
  if (raw === undefined) return 0
  if (!/^\+?\d+$/.test(raw.trim())) {
    throw new InvalidError(
      `Invalid label min_node_count: '${raw}'. Expected a non-negative integer.`
    )
  }
  return Number(raw)
}

export interface ClusterDraft {
  cluster: Omit<Cluster, 'credential' | 'operation'>
  masterCount: number
  nodeCount: number
}

const orTemplate = <T>(given: T | null | undefined, fallback: T): T => given || fallback

/** The cluster a create request describes, with Magnum's defaults from its template. */
export const draftCluster = (
  input: ClusterInput,
  t: StoredClusterTemplate,
  principal: Principal,
  flavour: ClusterFlavour,
  uuid: string,
  now: Date
): ClusterDraft => ({
  masterCount: input.master_count ?? 1,
  nodeCount: input.node_count ?? 1,
  cluster: {
    uuid,
    name: input.name || generateName(flavour.nameSuffix),
    project_id: principal.projectId,
    user_id: principal.userId,
    cluster_template_id: t.uuid,
    cluster_template_project_id: t.project_id,
    // Bays have no keypair of their own: always the baymodel's.
    keypair: flavour.rules === 'bay' ? t.keypair_id : (input.keypair ?? t.keypair_id),
    docker_volume_size: orTemplate(input.docker_volume_size, t.docker_volume_size),
    labels: mergeLabels(t.labels, input.labels, input.merge_labels ?? false),
    master_flavor_id: orTemplate(input.master_flavor_id, t.master_flavor_id),
    flavor_id: orTemplate(input.flavor_id, t.flavor_id),
    create_timeout: input.create_timeout ?? 60,
    discovery_url: input.discovery_url ?? null,
    fixed_network: orTemplate(input.fixed_network, t.fixed_network),
    fixed_subnet: orTemplate(input.fixed_subnet, t.fixed_subnet),
    floating_ip_enabled: input.floating_ip_enabled ?? t.floating_ip_enabled,
    master_lb_enabled: input.master_lb_enabled ?? t.master_lb_enabled,
    status: ClusterStatus.CreateInProgress,
    status_reason: null,
    health_status: null,
    health_status_reason: null,
    stack_id: null,
    api_address: null,
    master_addresses: [],
    node_addresses: [],
    coe_version: null,
    container_version: null,
    faults: {},
    created_at: now.toISOString(),
    updated_at: null,
  },
})

/** Magnum's default-master and default-worker nodegroups, both CREATE_IN_PROGRESS. */
export const defaultNodeGroups = (
  d: ClusterDraft,
  t: StoredClusterTemplate,
  newUuid: () => string
): NodeGroup[] => {
  const c = d.cluster
  const base = {
    cluster_id: c.uuid,
    project_id: c.project_id,
    max_node_count: null,
    image_id: t.image_id,
    docker_volume_size: c.docker_volume_size,
    labels: { ...c.labels },
    node_labels: null,
    node_taints: null,
    is_default: true,
    stack_id: null,
    status: ClusterStatus.CreateInProgress,
    status_reason: null,
    version: null,
    node_addresses: [],
    created_at: c.created_at,
    updated_at: null,
  }
  return [
    {
      ...base,
      uuid: newUuid(),
      name: DEFAULT_MASTER_NODEGROUP,
      role: 'master',
      node_count: d.masterCount,
      min_node_count: 0,
      flavor_id: c.master_flavor_id,
    },
    {
      ...base,
      uuid: newUuid(),
      name: DEFAULT_WORKER_NODEGROUP,
      role: 'worker',
      node_count: d.nodeCount,
      min_node_count: minNodeCountLabel(c.labels),
      flavor_id: c.flavor_id,
    },
  ]
}
