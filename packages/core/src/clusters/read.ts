import { type Page, paginate, parsePageQuery, type RawPageQuery } from '../pagination'
import type { Principal } from '../principal'
import type { ClusterDeps, ClusterFlavour } from './deps'
import { clusterNotFound, findCluster, scopeOf, targetOf } from './lookup'
import { type ClusterAggregate, ClusterSchema } from './model'

/** A cluster as the API renders it: with its template's labels, to show how its own differ. */
export interface ClusterView {
  aggregate: ClusterAggregate
  templateLabels: Record<string, string>
}

const NOT_SORTABLE = new Set([
  'labels',
  'faults',
  'credential',
  'previous_credential',
  'operation',
  'master_addresses',
  'node_addresses',
  'health_status_reason',
  'cluster_template_project_id',
])

/** Magnum sorts by any column; `id` is creation order. */
export const CLUSTER_SORT_KEYS: readonly string[] = [
  'id',
  ...Object.keys(ClusterSchema.shape).filter((k) => !NOT_SORTABLE.has(k)),
]

type Sortable = string | number | boolean | null

/** The labels of each distinct template of `clusters`, fetched once each. */
export const templateLabelsOf = async (
  deps: ClusterDeps,
  clusters: readonly ClusterAggregate[]
): Promise<ClusterView[]> => {
  const wanted = new Map<string, Promise<Record<string, string>>>()
  for (const { cluster } of clusters) {
    const key = `${cluster.cluster_template_project_id}/${cluster.cluster_template_id}`
    if (wanted.has(key)) continue
    wanted.set(
      key,
      deps.templates
        .getByUuid(
          { projectId: cluster.cluster_template_project_id, allProjects: true },
          cluster.cluster_template_id
        )
        .then((t) => t?.labels ?? {})
    )
  }
  return Promise.all(
    clusters.map(async (aggregate) => ({
      aggregate,
      templateLabels:
        (await wanted.get(
          `${aggregate.cluster.cluster_template_project_id}/${aggregate.cluster.cluster_template_id}`
        )) ?? {},
    }))
  )
}

/** GET /v1/clusters[/detail] (and bays): the caller's clusters, or all for admins, paged. */
export const listClusters = async (
  deps: ClusterDeps,
  principal: Principal,
  raw: RawPageQuery,
  flavour: ClusterFlavour,
  detail: boolean
): Promise<Page<ClusterView>> => {
  const query = parsePageQuery(raw, CLUSTER_SORT_KEYS)
  const action = detail ? 'detail' : 'get_all'
  deps.policy.enforce(`${flavour.rules}:${action}`, principal, {
    project_id: principal.projectId,
    user_id: principal.userId,
  })
  const scope = scopeOf(deps.policy, principal, `cluster:${action}_all_projects`)
  const page = paginate(await deps.clusters.list(scope), query, {
    idOf: (a) => a.cluster.uuid,
    sortValue: (a, key) =>
      key === 'id' ? a.cluster.created_at : (a.cluster[key as keyof typeof a.cluster] as Sortable),
    tieBreak: (a) => `${a.cluster.created_at}#${a.cluster.uuid}`,
    markerNotFound: clusterNotFound,
  })
  const items = detail
    ? await templateLabelsOf(deps, page.items)
    : page.items.map((aggregate) => ({ aggregate, templateLabels: {} }))
  return { items, next: page.next }
}

/** GET /v1/clusters/{ident} (and bays). */
export const getCluster = async (
  deps: ClusterDeps,
  principal: Principal,
  ident: string,
  flavour: ClusterFlavour
): Promise<ClusterView> => {
  const scope = scopeOf(deps.policy, principal, 'cluster:get_one_all_projects')
  const a = await findCluster(deps.clusters, scope, ident)
  deps.policy.enforce(`${flavour.rules}:get`, principal, targetOf(a))
  const [view] = await templateLabelsOf(deps, [a])
  return view ?? { aggregate: a, templateLabels: {} }
}
